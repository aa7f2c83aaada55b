package io.vmferry.bridge.bacula;

/**
 * Root of the Bacula bridge errors. Messages are one line, fit for a job log or a CLI error, and
 * expected failures carry no stack trace.
 */
public class BaculaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a one-line message. */
    public BaculaException(String message) {
        super(oneLine(message), null, false, false);
    }

    /** An error with a one-line message and the underlying cause (kept with its stack trace). */
    public BaculaException(String message, Throwable cause) {
        super(oneLine(message), cause, false, true);
    }

    /** Collapses line breaks and runs of whitespace so the message stays one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
