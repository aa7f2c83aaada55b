/**
 * Extent streams over mutual TLS: {@link io.vmferry.stream.api.transport.StreamSinkServer} receives,
 * {@link io.vmferry.stream.api.transport.StreamSender} sends, {@link io.vmferry.stream.api.transport.TlsConfig}
 * holds the certificates and pinned fingerprints. Protocol: sink sends READY, sender sends the stream,
 * sink answers ACK (content SHA-256) or ERROR (one-line reason).
 */
package io.vmferry.stream.api.transport;
