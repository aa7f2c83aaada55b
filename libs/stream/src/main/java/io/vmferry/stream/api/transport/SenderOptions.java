package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.EncoderOptions;
import java.time.Duration;

/**
 * Configuration of a {@link StreamSender}; start from {@link #of(TlsConfig)}.
 *
 * @param tls            own certificate, CA and optional pinned sink fingerprints
 * @param encoder        frame size and compression
 * @param connectTimeout TCP connect and TLS handshake limit
 * @param readyTimeout   how long to wait for the sink's READY after connecting
 * @param ackTimeout     how long to wait for the acknowledgement after the last byte (the sink syncs to disk)
 * @param verifyHostname check the sink certificate's SAN against the host connected to
 */
public record SenderOptions(TlsConfig tls, EncoderOptions encoder, Duration connectTimeout, Duration readyTimeout,
                            Duration ackTimeout, boolean verifyHostname) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMinutes(5);

    /** Validates the values. */
    public SenderOptions {
        if (tls == null || encoder == null) {
            throw new IllegalArgumentException("tls and encoder options are required");
        }
        for (Duration d : new Duration[] {connectTimeout, readyTimeout, ackTimeout}) {
            if (d == null || d.toMillis() < 1) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    /** Defaults: 1 MiB uncompressed frames, 10 s connect, 30 s ready, 5 min ack, host name verified. */
    public static SenderOptions of(TlsConfig tls) {
        return new SenderOptions(tls, EncoderOptions.DEFAULT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READY_TIMEOUT,
                DEFAULT_ACK_TIMEOUT, true);
    }

    /** These options with other encoder options. */
    public SenderOptions withEncoder(EncoderOptions value) {
        return new SenderOptions(tls, value, connectTimeout, readyTimeout, ackTimeout, verifyHostname);
    }

    /** These options with other connect, READY and ACK timeouts. */
    public SenderOptions withTimeouts(Duration connect, Duration ready, Duration ack) {
        return new SenderOptions(tls, encoder, connect, ready, ack, verifyHostname);
    }

    /** These options with host name verification on or off. */
    public SenderOptions withVerifyHostname(boolean value) {
        return new SenderOptions(tls, encoder, connectTimeout, readyTimeout, ackTimeout, value);
    }
}
