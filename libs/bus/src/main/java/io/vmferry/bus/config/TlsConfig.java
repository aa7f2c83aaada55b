package io.vmferry.bus.config;

import java.nio.file.Path;

/**
 * Certificates for the extent streams' mutual TLS, as created by {@code vmferry certs init DIR}.
 * Unset: the embedded stack creates a throw-away CA for its own lifetime.
 */
public record TlsConfig(Path certsDir) {
    public static TlsConfig defaults() {
        return new TlsConfig(null);
    }
}
