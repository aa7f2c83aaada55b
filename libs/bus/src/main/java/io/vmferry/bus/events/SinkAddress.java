package io.vmferry.bus.events;

/**
 * Where a reader sends extent streams: a TLS listener of a sink service.
 *
 * @param fingerprint SHA-256 fingerprint of the sink's certificate (hex), pinned by the reader
 */
public record SinkAddress(String host, int port, String fingerprint) {
}
