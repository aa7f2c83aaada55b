package io.vmferry.bridge.bacula;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Director through bconsole.
 *
 * @param binary  the bconsole executable (default {@value #DEFAULT_BINARY})
 * @param config  the bconsole.conf naming the Director, its address and password
 * @param timeout the longest one bconsole session may take (default 60 s); {@code wait} calls pass their own
 */
public record BconsoleOptions(Path binary, Path config, Duration timeout) {
    /** Debian's bconsole. */
    public static final String DEFAULT_BINARY = "/usr/sbin/bconsole";
    /** Default session timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Validates: all set, timeout positive. */
    public BconsoleOptions {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(config, "config");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("bconsole timeout must be positive: " + timeout);
        }
    }

    /** Options with the Debian binary and the default timeout. */
    public static BconsoleOptions of(Path config) {
        return new BconsoleOptions(Path.of(DEFAULT_BINARY), config, DEFAULT_TIMEOUT);
    }

    /** A copy with another session timeout. */
    public BconsoleOptions withTimeout(Duration t) {
        return new BconsoleOptions(binary, config, t);
    }
}
