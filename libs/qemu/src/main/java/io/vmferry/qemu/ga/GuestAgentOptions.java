package io.vmferry.qemu.ga;

import java.time.Duration;
import java.util.Objects;

/**
 * Guest-agent client settings. An agent that is not running behind a QEMU chardev accepts the connection and never
 * answers, so every step is bounded.
 *
 * @param syncTimeout   connect plus {@code guest-sync-delimited} handshake
 * @param callTimeout   default per-command timeout
 * @param freezeTimeout for {@code guest-fsfreeze-freeze}, which waits for the guest to flush its file systems
 * @param maxLineBytes  longest accepted JSON line
 */
public record GuestAgentOptions(Duration syncTimeout, Duration callTimeout, Duration freezeTimeout, int maxLineBytes) {
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FREEZE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
    public static final GuestAgentOptions DEFAULT = new GuestAgentOptions(DEFAULT_SYNC_TIMEOUT, DEFAULT_CALL_TIMEOUT,
            DEFAULT_FREEZE_TIMEOUT, DEFAULT_MAX_LINE_BYTES);

    public GuestAgentOptions {
        for (Duration d : new Duration[] {syncTimeout, callTimeout, freezeTimeout}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1024: " + maxLineBytes);
        }
    }

    public GuestAgentOptions withSyncTimeout(Duration value) {
        return new GuestAgentOptions(value, callTimeout, freezeTimeout, maxLineBytes);
    }

    public GuestAgentOptions withCallTimeout(Duration value) {
        return new GuestAgentOptions(syncTimeout, value, freezeTimeout, maxLineBytes);
    }

    public GuestAgentOptions withFreezeTimeout(Duration value) {
        return new GuestAgentOptions(syncTimeout, callTimeout, value, maxLineBytes);
    }

    public GuestAgentOptions withMaxLineBytes(int value) {
        return new GuestAgentOptions(syncTimeout, callTimeout, freezeTimeout, value);
    }
}
