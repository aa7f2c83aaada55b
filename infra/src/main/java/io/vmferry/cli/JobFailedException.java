package io.vmferry.cli;

/** The job ran and failed: exit code 1, one-line message saying why, no stack trace. */
public final class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message, null, false, false);
    }
}
