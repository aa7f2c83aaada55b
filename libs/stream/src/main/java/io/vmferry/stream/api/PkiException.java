package io.vmferry.stream.api;

/** A certificate authority or certificate file could not be created, read or used. */
public final class PkiException extends StreamException {

    /** An expected failure with a one-line message. */
    public PkiException(String message) {
        super(message);
    }

    /** An expected failure with a one-line message and its cause. */
    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
