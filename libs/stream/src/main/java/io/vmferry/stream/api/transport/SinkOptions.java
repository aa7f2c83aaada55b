package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.DigestCheck;
import io.vmferry.stream.api.StreamLimits;
import java.time.Duration;

/**
 * Configuration of a {@link StreamSinkServer}; start from {@link #of(TlsConfig)} and change with the
 * {@code with*} methods.
 *
 * @param host             address to bind (default {@value #DEFAULT_HOST})
 * @param port             port to bind; 0 picks a free one (see {@link StreamSinkServer#port()})
 * @param tls              own certificate, CA and optional pinned client fingerprints
 * @param limits           decoder bounds
 * @param maxInFlightBytes data bytes handed to the receiver and not yet completed before the socket is paused
 * @param maxInFlightFrames frames handed to the receiver and not yet completed before the socket is paused
 * @param idleTimeout      a connection with no traffic for this long is closed
 * @param digestCheck      whether the content SHA-256 is verified here or carried to storage (default verify)
 */
public record SinkOptions(String host, int port, TlsConfig tls, StreamLimits limits, int maxInFlightBytes,
                          int maxInFlightFrames, Duration idleTimeout, DigestCheck digestCheck) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = 8 << 20;
    public static final int DEFAULT_MAX_IN_FLIGHT_FRAMES = 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Validates the values. */
    public SinkOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (tls == null || limits == null || digestCheck == null) {
            throw new IllegalArgumentException("tls, limits and digest check are required");
        }
        if (maxInFlightBytes < 1 || maxInFlightFrames < 1) {
            throw new IllegalArgumentException("in-flight limits must be positive");
        }
        if (idleTimeout == null || idleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("idle timeout must be at least one second");
        }
    }

    /**
     * Defaults: 127.0.0.1, ephemeral port, format limits, 8 MiB / 1024 frames in flight, 5 min idle, content
     * SHA-256 verified.
     */
    public static SinkOptions of(TlsConfig tls) {
        return new SinkOptions(DEFAULT_HOST, 0, tls, StreamLimits.DEFAULT, DEFAULT_MAX_IN_FLIGHT_BYTES,
                DEFAULT_MAX_IN_FLIGHT_FRAMES, DEFAULT_IDLE_TIMEOUT,
                DigestCheck.VERIFY);
    }

    /** These options with another bind address. */
    public SinkOptions withHost(String value) {
        return new SinkOptions(value, port, tls, limits, maxInFlightBytes, maxInFlightFrames, idleTimeout, digestCheck);
    }

    /** These options with another port (0: ephemeral). */
    public SinkOptions withPort(int value) {
        return new SinkOptions(host, value, tls, limits, maxInFlightBytes, maxInFlightFrames, idleTimeout, digestCheck);
    }

    /** These options with other decoder limits. */
    public SinkOptions withLimits(StreamLimits value) {
        return new SinkOptions(host, port, tls, value, maxInFlightBytes, maxInFlightFrames, idleTimeout, digestCheck);
    }

    /** These options with another in-flight window. */
    public SinkOptions withInFlight(int bytes, int frames) {
        return new SinkOptions(host, port, tls, limits, bytes, frames, idleTimeout, digestCheck);
    }

    /** These options with another idle timeout. */
    public SinkOptions withIdleTimeout(Duration value) {
        return new SinkOptions(host, port, tls, limits, maxInFlightBytes, maxInFlightFrames, value, digestCheck);
    }

    /**
     * These options with another digest check: {@link DigestCheck#CARRY} for a sink that stores streams as they
     * arrive (their SHA-256 is verified whenever they are read), {@link DigestCheck#VERIFY} for one that consumes
     * them (writes an image, applies them to a replica).
     */
    public SinkOptions withDigestCheck(DigestCheck value) {
        return new SinkOptions(host, port, tls, limits, maxInFlightBytes, maxInFlightFrames, idleTimeout, value);
    }
}
