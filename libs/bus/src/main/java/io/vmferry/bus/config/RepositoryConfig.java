package io.vmferry.bus.config;

import java.nio.file.Path;

/** The local repository destination (DESIGN §6). */
public record RepositoryConfig(Path path) {
    public static final Path DEFAULT_PATH = Path.of("/var/lib/vmferry/repo");

    public RepositoryConfig {
        path = path == null ? DEFAULT_PATH : path;
    }

    public static RepositoryConfig defaults() {
        return new RepositoryConfig(null);
    }
}
