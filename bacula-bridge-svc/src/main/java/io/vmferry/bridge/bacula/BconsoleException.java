package io.vmferry.bridge.bacula;

/** bconsole could not be run, timed out, or answered something other than what the command expects. */
public class BconsoleException extends BaculaException {
    private static final long serialVersionUID = 1L;

    /** A one-line reason. */
    public BconsoleException(String message) {
        super(message);
    }

    /** A one-line reason with the underlying I/O or interruption cause. */
    public BconsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
