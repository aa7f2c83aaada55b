package io.vmferry.bridge.bacula;

import java.util.Locale;

/** How a running VM is held while its disks are read (plugin parameter {@code backup_type}). */
public enum BackupType {
    /** Live: a point-in-time snapshot (fleecing) of the running VM. */
    SNAPSHOT,
    /** The VM is paused for the duration of the read. */
    SUSPEND,
    /** The VM is shut down for the read and started again afterwards. */
    STOP;

    /** The lower-case parameter value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a parameter value ({@code snapshot}, {@code suspend}, {@code stop}). */
    public static BackupType of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PluginParamException("bad backup_type '" + value + "' (expected snapshot, suspend or stop)");
        }
    }
}
