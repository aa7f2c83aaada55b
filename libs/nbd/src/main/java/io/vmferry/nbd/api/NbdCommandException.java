package io.vmferry.nbd.api;

/**
 * The server answered one command with an error. The connection stays usable (unless the error is
 * {@link NbdError#ESHUTDOWN}, after which the client disconnects as the protocol requires).
 */
public class NbdCommandException extends NbdException {

    private final NbdError error;
    private final int errno;
    private final String command;
    private final long offset;
    private final long length;

    /**
     * @param errno         the wire error value
     * @param command       command name, e.g. {@code NBD_CMD_READ}
     * @param serverMessage optional human-readable text from the server, or null
     */
    public NbdCommandException(int errno, String command, long offset, long length, String serverMessage) {
        super(message(errno, command, offset, length, serverMessage));
        this.error = NbdError.valueOf(errno);
        this.errno = errno;
        this.command = command;
        this.offset = offset;
        this.length = length;
    }

    private static String message(int errno, String command, long offset, long length, String serverMessage) {
        NbdError error = NbdError.valueOf(errno);
        return command + " offset=" + offset + " length=" + length + " failed: " + error.name()
                + (error == NbdError.UNKNOWN ? " (errno " + errno + ")" : "")
                + (serverMessage == null || serverMessage.isEmpty() ? "" : ": " + serverMessage);
    }

    /** The error as an enum; {@link NbdError#UNKNOWN} for values the protocol does not define. */
    public NbdError error() {
        return error;
    }

    /** The raw wire value. */
    public int errno() {
        return errno;
    }

    public String command() {
        return command;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }
}
