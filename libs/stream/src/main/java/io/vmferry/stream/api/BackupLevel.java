package io.vmferry.stream.api;

/** What a stream holds relative to earlier restore points; the wire code is frozen. */
public enum BackupLevel {
    /** Every allocated block; no parent. */
    FULL(1),
    /** Blocks changed since the parent point (the previous point of any level). */
    INCREMENTAL(2),
    /** Blocks changed since the parent point (the last full). */
    DIFFERENTIAL(3);

    private final int code;

    BackupLevel(int code) {
        this.code = code;
    }

    /** Wire code (one byte). DO NOT MODIFY. */
    public int code() {
        return code;
    }

    /** The level for a wire code, or null when v1 defines none. */
    public static BackupLevel valueOf(int code) {
        for (BackupLevel level : values()) {
            if (level.code == code) {
                return level;
            }
        }
        return null;
    }

    /** Lower-case name as used on the CLI and in events ({@code full}, {@code incremental}, ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
