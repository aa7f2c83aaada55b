package io.vmferry.bus.config;

/**
 * Per-service settings.
 *
 * @param httpPort port of the health ({@code /health}) and Prometheus ({@code /metrics}) endpoint:
 *                 0 picks a free port, -1 turns it off; unset means the service's default when it
 *                 runs as a long-lived stack, off for one-shot CLI commands
 */
public record ServiceConfig(Integer httpPort) {
    public ServiceConfig {
        if (httpPort != null && (httpPort < -1 || httpPort > 65535)) {
            throw new ConfigException("http-port must be -1..65535, not " + httpPort);
        }
    }
}
