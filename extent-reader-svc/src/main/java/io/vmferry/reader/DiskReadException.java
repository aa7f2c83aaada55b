package io.vmferry.reader;

/**
 * A disk transfer failed. The message is one line naming the disk and the kind of failure, e.g.
 * {@code disk scsi0: NBD error: ...}; the original failure is the cause. No stack trace.
 */
public final class DiskReadException extends RuntimeException {
    private final String disk;
    private final boolean cancelled;

    DiskReadException(String disk, String message, Throwable cause, boolean cancelled) {
        super(message, cause, false, false);
        this.disk = disk;
        this.cancelled = cancelled;
    }

    /** The disk that failed. */
    public String disk() {
        return disk;
    }

    /** True when the transfer was stopped from outside (another disk failed, the service stopped). */
    public boolean cancelled() {
        return cancelled;
    }
}
