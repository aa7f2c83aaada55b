package io.vmferry.stream.api.transport;

import io.vertx.core.net.SocketAddress;

/**
 * An authenticated peer of a stream connection.
 *
 * @param address     remote socket address
 * @param subject     subject DN of its certificate ({@code CN=extent-reader-svc,O=vmferry})
 * @param fingerprint SHA-256 fingerprint of its certificate, {@code AB:CD:...}
 */
public record StreamPeer(SocketAddress address, String subject, String fingerprint) {
}
