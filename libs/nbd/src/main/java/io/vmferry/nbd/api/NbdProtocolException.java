package io.vmferry.nbd.api;

/**
 * The server broke the NBD protocol. When {@link #fatal()} is false the framing was intact and only
 * the command the reply belonged to failed (for instance a read chunk outside the requested range);
 * when true the byte stream can no longer be trusted and the connection was closed, failing every
 * pending command.
 */
public class NbdProtocolException extends NbdException {

    private final boolean fatal;

    public NbdProtocolException(boolean fatal, String message) {
        super(message);
        this.fatal = fatal;
    }

    /** A fatal desync: the connection is closed. */
    public static NbdProtocolException fatal(String message) {
        return new NbdProtocolException(true, message);
    }

    /** A skippable violation: only the command concerned fails. */
    public static NbdProtocolException skippable(String message) {
        return new NbdProtocolException(false, message);
    }

    public boolean fatal() {
        return fatal;
    }
}
