package io.vmferry.qemu.qmp;

/**
 * The connection could not be opened, was closed (by either side) or broke: an over-long line, invalid JSON, a
 * missing greeting. Calls pending at that moment fail with the exception that closed the connection.
 */
public class QmpConnectionException extends QmpClientException {
    public QmpConnectionException(String message) {
        super(message);
    }

    public QmpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
