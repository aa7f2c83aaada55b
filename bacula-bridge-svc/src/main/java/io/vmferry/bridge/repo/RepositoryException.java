package io.vmferry.bridge.repo;

/**
 * Root of every error of the local repository and restore: a one-line message meant for the user
 * (the CLI prints it as is). Expected failures, so no stack trace of its own; the cause is kept.
 */
public class RepositoryException extends RuntimeException {

    /** An error with a one-line message. */
    public RepositoryException(String message) {
        super(message, null, false, false);
    }

    /** An error with a one-line message caused by {@code cause}. */
    public RepositoryException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
