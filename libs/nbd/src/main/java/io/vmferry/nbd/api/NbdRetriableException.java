package io.vmferry.nbd.api;

/**
 * Marker supertype: the same work may succeed on a new connection (the kafka {@code RetriableException}
 * idea). The retry policy itself belongs to the caller.
 */
public abstract class NbdRetriableException extends NbdException {

    protected NbdRetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
