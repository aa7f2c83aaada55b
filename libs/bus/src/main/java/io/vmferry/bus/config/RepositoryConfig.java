package io.vmferry.bus.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The local repository destination (DESIGN §6).
 *
 * @param path            the repository's directory
 * @param verifyOnReceive hash every stream's content as it arrives as well (default off: the sink checks each
 *                        frame's CRC-32C, the order and the counts, and the content SHA-256 is checked whenever a
 *                        stream is read: restore, {@code vmferry verify})
 * @param verifyNew       read each new point back right after it was stored, as {@code vmferry verify} does, and
 *                        record the outcome with it (default off)
 * @param restoreDirs     the directories {@code restore} jobs from the bus may write images into (default none:
 *                        such jobs are refused; the CLI's {@code vmferry restore} is not limited by it)
 * @param retention       which points of a VM to keep after each of its backups (default: all)
 */
public record RepositoryConfig(Path path, Boolean verifyOnReceive, Boolean verifyNew, List<Path> restoreDirs,
                               RetentionConfig retention) {
    public static final Path DEFAULT_PATH = Path.of("/var/lib/vmferry/repo");

    public RepositoryConfig {
        path = path == null ? DEFAULT_PATH : path;
        verifyOnReceive = verifyOnReceive != null && verifyOnReceive;
        verifyNew = verifyNew != null && verifyNew;
        restoreDirs = restoreDirs == null ? List.of() : List.copyOf(restoreDirs);
        retention = retention == null ? RetentionConfig.none() : retention;
    }

    /** A repository at {@code path} with the other settings' defaults. */
    public RepositoryConfig(Path path) {
        this(path, null, null, null, null);
    }

    public static RepositoryConfig defaults() {
        return new RepositoryConfig(null, null, null, null, null);
    }
}
