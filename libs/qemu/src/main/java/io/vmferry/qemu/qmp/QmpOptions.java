package io.vmferry.qemu.qmp;

import java.time.Duration;
import java.util.Objects;

/**
 * QMP client settings.
 *
 * @param connectTimeout connect plus greeting plus {@code qmp_capabilities}. QEMU serves one QMP client per
 *                       socket at a time: a second client is accepted but gets no greeting until the first leaves,
 *                       so this also bounds waiting for a busy monitor
 * @param callTimeout    default per-command timeout
 * @param maxLineBytes   longest accepted JSON line; a longer one closes the connection
 * @param pollInterval   interval of the "wait until gone" helpers
 */
public record QmpOptions(Duration connectTimeout, Duration callTimeout, int maxLineBytes, Duration pollInterval) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** {@code query-qmp-schema} is ~150 KiB on 7.2; block queries grow with nodes and bitmaps. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);
    public static final QmpOptions DEFAULT = new QmpOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_CALL_TIMEOUT,
            DEFAULT_MAX_LINE_BYTES, DEFAULT_POLL_INTERVAL);

    public QmpOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(pollInterval, "pollInterval");
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1024: " + maxLineBytes);
        }
    }

    public QmpOptions withConnectTimeout(Duration value) {
        return new QmpOptions(value, callTimeout, maxLineBytes, pollInterval);
    }

    public QmpOptions withCallTimeout(Duration value) {
        return new QmpOptions(connectTimeout, value, maxLineBytes, pollInterval);
    }

    public QmpOptions withMaxLineBytes(int value) {
        return new QmpOptions(connectTimeout, callTimeout, value, pollInterval);
    }

    public QmpOptions withPollInterval(Duration value) {
        return new QmpOptions(connectTimeout, callTimeout, maxLineBytes, value);
    }

    static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
