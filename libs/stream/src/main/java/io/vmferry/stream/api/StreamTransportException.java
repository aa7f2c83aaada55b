package io.vmferry.stream.api;

/** The connection failed, closed early or timed out; the stream may be sent again. */
public final class StreamTransportException extends RetriableStreamException {

    /** A connection failure with a one-line reason. */
    public StreamTransportException(String message) {
        super(message);
    }

    /** A connection failure with a one-line reason and the I/O error behind it. */
    public StreamTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
