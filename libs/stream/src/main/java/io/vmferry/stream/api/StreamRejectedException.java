package io.vmferry.stream.api;

/** The sink answered with an error instead of an acknowledgement; the message is the sink's reason. */
public final class StreamRejectedException extends StreamException {

    /** The sink's reason, prefixed with its address. */
    public StreamRejectedException(String message) {
        super(message);
    }
}
