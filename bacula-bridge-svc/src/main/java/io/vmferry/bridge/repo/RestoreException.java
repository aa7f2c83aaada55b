package io.vmferry.bridge.repo;

/**
 * A restore failed; the message names VM, disk and point and the first problem found, e.g.
 * {@code restore of lab/101 scsi0 at 20261122T051200Z-3f2a: stream 20261122T050000Z-aa01/scsi0.vfs is
 * corrupt: crc32c mismatch in data frame seq=17 ...}. No output file is left behind.
 */
public final class RestoreException extends RepositoryException {

    /** A restore error with its one-line message and cause. */
    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
