package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.StreamTrailer;

/**
 * The sink's confirmation that a stream landed: its receiver accepted every frame including the
 * trailer, and the SHA-256 the sink computed equals the sender's.
 *
 * @param trailer what the sender sent last (counts and SHA-256)
 * @param bytes   encoded bytes sent
 */
public record StreamAck(StreamTrailer trailer, long bytes) {

    /** The verified SHA-256 of the logical content. */
    public String sha256() {
        return trailer.sha256();
    }
}
