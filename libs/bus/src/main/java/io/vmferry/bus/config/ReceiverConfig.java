package io.vmferry.bus.config;

import java.nio.file.Path;

/**
 * The DR receiver: where replicas of replicated VM disks live and where its stream sink listens.
 *
 * @param path root of the replicas ({@code <path>/<host>/<vmid>/<disk>.raw} plus {@code state.json})
 * @param port port of the mutual-TLS stream sink; 0 picks a free port
 */
public record ReceiverConfig(Path path, Integer port) {
    public static final Path DEFAULT_PATH = Path.of("/var/lib/vmferry/replicas");
    public static final int DEFAULT_PORT = 0;

    public ReceiverConfig {
        path = path == null ? DEFAULT_PATH : path;
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65535) {
            throw new ConfigException("receiver.port must be 0..65535, not " + port);
        }
    }

    public static ReceiverConfig defaults() {
        return new ReceiverConfig(null, null);
    }
}
