package io.vmferry.stream.api;

/**
 * Root of every error raised by {@code vmferry-stream}: format violations, transport failures,
 * authentication refusals, rejections by the sink and certificate problems. Unchecked, so it travels
 * through Vert.x futures unchanged. Messages are one line; expected failures carry no stack trace.
 */
public class StreamException extends RuntimeException {

    /** An expected failure: one-line message, no stack trace. */
    public StreamException(String message) {
        super(message, null, false, false);
    }

    /** An expected failure caused by {@code cause} (kept for diagnosis); no stack trace of its own. */
    public StreamException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
