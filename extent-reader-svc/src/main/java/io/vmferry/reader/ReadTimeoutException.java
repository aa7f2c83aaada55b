package io.vmferry.reader;

/** An NBD read did not complete in time (a hung export or server); no stack trace. */
public final class ReadTimeoutException extends RuntimeException {

    /** A timeout with a one-line message. */
    public ReadTimeoutException(String message) {
        super(message, null, false, false);
    }
}
