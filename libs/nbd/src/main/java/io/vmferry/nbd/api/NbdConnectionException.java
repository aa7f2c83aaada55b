package io.vmferry.nbd.api;

/**
 * Connecting failed or timed out, or the connection was closed (by either side) while commands were
 * pending. Every pending command of a lost connection fails with this exception (or with the
 * {@link NbdProtocolException} that made the client close it).
 */
public class NbdConnectionException extends NbdRetriableException {

    public NbdConnectionException(String message) {
        super(message, null);
    }

    public NbdConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
