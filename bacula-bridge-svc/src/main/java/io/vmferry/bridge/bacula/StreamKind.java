package io.vmferry.bridge.bacula;

/** What one Bacula catalog file of a vmferry job holds. */
public enum StreamKind {
    /** A disk as an extent stream v1. */
    DISK(".vfs"),
    /** The VM config (the {@code config} pseudo disk). */
    CONFIG(".conf"),
    /** The VM firewall rules (the {@code firewall} pseudo disk). */
    FIREWALL(".fw");

    private final String extension;

    StreamKind(String extension) {
        this.extension = extension;
    }

    /** File name extension in the catalog, with the dot. */
    public String extension() {
        return extension;
    }

    /** The kind for a disk name: {@code config} and {@code firewall} are reserved. */
    public static StreamKind forDisk(String disk) {
        return switch (disk) {
            case "config" -> CONFIG;
            case "firewall" -> FIREWALL;
            default -> DISK;
        };
    }
}
