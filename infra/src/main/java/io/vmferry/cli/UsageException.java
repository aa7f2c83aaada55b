package io.vmferry.cli;

/** Bad usage or configuration: exit code 2, one-line message, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
