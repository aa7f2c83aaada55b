package io.vmferry.formats.api;

import java.io.IOException;

/**
 * Root of every error about an image's content (bad magic, checksum, table pointing outside the
 * file, absurd size, chain loop, ...). The message is one line naming the file and the reason;
 * expected format errors carry no stack trace.
 */
public class FormatException extends IOException {
    public FormatException(String message) {
        super(message, null);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
