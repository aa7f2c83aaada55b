package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.util.Locale;

/** Maps the Bacula job level (the {@code %l} job code) to a vmferry {@link BackupLevel}. */
public final class BaculaLevels {
    private BaculaLevels() {
    }

    /**
     * {@code Full}, {@code Incremental}, {@code Differential} (any case, or the one-letter codes {@code F},
     * {@code I}, {@code D} of the catalog) map to the vmferry level; anything else ({@code VirtualFull},
     * {@code Base}, {@code Since}, an unexpanded {@code %l}) is a {@link PluginParamException}.
     */
    public static BackupLevel fromBacula(String level) {
        String l = level == null ? "" : level.strip().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "full", "f" -> BackupLevel.FULL;
            case "incremental", "i" -> BackupLevel.INCREMENTAL;
            case "differential", "d" -> BackupLevel.DIFFERENTIAL;
            default -> throw new PluginParamException("Bacula level '" + level + "' is not supported by vmferry"
                    + " (use Full, Incremental or Differential)");
        };
    }

    /** The Bacula spelling of a vmferry level, as used in {@code run ... level=}. */
    public static String toBacula(BackupLevel level) {
        return switch (level) {
            case FULL -> "Full";
            case INCREMENTAL -> "Incremental";
            case DIFFERENTIAL -> "Differential";
        };
    }
}
