package io.vmferry.stream.api;

/**
 * The peer was not authenticated: TLS handshake refused (certificate from another CA, expired,
 * wrong host name) or its certificate fingerprint is not among the pinned ones. Not retriable.
 */
public final class StreamAuthException extends StreamException {

    /** A refusal with a one-line reason. */
    public StreamAuthException(String message) {
        super(message);
    }

    /** A refusal with a one-line reason and the TLS error behind it. */
    public StreamAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
