package io.vmferry.qemu.qmp;

import java.time.Duration;

/**
 * No answer within the allowed time: a command reply, the greeting, the guest-agent sync, an awaited event or a
 * polled condition. The peer may still act on the command later; retrying is the caller's decision.
 */
public class QmpTimeoutException extends QmpClientException {
    private final Duration timeout;

    public QmpTimeoutException(String message, Duration timeout) {
        super(message + " within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The time that was allowed. */
    public Duration timeout() {
        return timeout;
    }
}
