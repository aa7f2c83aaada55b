package io.vmferry.stream.api;

/**
 * A stream (or transport control message) violates format v1. {@link #error()} says which rule;
 * the message is one line naming the frame and, for checksums, the stored and computed values.
 */
public final class StreamFormatException extends StreamException {
    private final StreamFormatError error;

    /** A violation of rule {@code error}, described in one line. */
    public StreamFormatException(StreamFormatError error, String message) {
        super(message);
        this.error = error;
    }

    /** A violation of rule {@code error}, described in one line, found through {@code cause}. */
    public StreamFormatException(StreamFormatError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The rule that was broken. */
    public StreamFormatError error() {
        return error;
    }

    @Override
    public String toString() {
        return "StreamFormatException[" + error + "]: " + getMessage();
    }
}
