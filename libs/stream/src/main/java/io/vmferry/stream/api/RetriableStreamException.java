package io.vmferry.stream.api;

/**
 * Marker supertype of failures that may succeed when the whole operation is tried again
 * (connection refused or reset, timeouts). Format, authentication and rejection errors are not
 * retriable: the same bytes or the same certificate will fail the same way.
 */
public abstract class RetriableStreamException extends StreamException {

    /** See {@link StreamException#StreamException(String)}. */
    protected RetriableStreamException(String message) {
        super(message);
    }

    /** See {@link StreamException#StreamException(String, Throwable)}. */
    protected RetriableStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
