package io.vmferry.convert;

import java.io.IOException;

/**
 * A conversion that did not happen, with a one-line message and no stack trace. {@link #kind()}
 * says whose fault it was, which is what the CLI's exit code and the service's answer follow.
 */
public final class ConvertException extends IOException {
    /** Who is to blame. */
    public enum Kind {
        /** The source image is unreadable or invalid (truncated, bad magic, bad checksum, loop, ...). */
        BAD_SOURCE,
        /** The request itself is wrong (unknown format, bad option, target exists). */
        BAD_REQUEST,
        /** Writing the target failed (I/O error, disk full, interrupted). */
        TARGET_FAILED
    }

    private final Kind kind;

    /** A failure of {@code kind} described by {@code message}. */
    public ConvertException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A failure of {@code kind} described by {@code message}. */
    public ConvertException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** Whose fault it was. */
    public Kind kind() {
        return kind;
    }

    /** True for {@link Kind#BAD_SOURCE} and {@link Kind#BAD_REQUEST}: the caller has to change something. */
    public boolean isUsageError() {
        return kind != Kind.TARGET_FAILED;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
