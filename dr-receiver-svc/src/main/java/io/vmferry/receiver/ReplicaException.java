package io.vmferry.receiver;

/**
 * Root of the receiver's errors: a stream that does not fit the replica (wrong parent, another
 * stream of the disk running) or a replica that cannot be written. One-line message, no stack trace.
 */
public final class ReplicaException extends RuntimeException {

    /** An expected failure with a one-line message. */
    public ReplicaException(String message) {
        super(message, null, false, false);
    }

    /** An expected failure caused by {@code cause} (kept for diagnosis). */
    public ReplicaException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
