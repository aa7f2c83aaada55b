package io.vmferry.nbd.api;

/**
 * Error values a server puts in a simple reply or an error chunk (proto.md "Error values"). The
 * wire values are fixed by the protocol, whatever the platform's errno numbering.
 */
public enum NbdError {
    /** Operation not permitted. */
    EPERM(1),
    /** Input/output error. */
    EIO(5),
    /** Cannot allocate memory. */
    ENOMEM(12),
    /** Invalid argument. */
    EINVAL(22),
    /** No space left on device. */
    ENOSPC(28),
    /** Value too large (e.g. a request beyond the export's end with some servers). */
    EOVERFLOW(75),
    /** Operation not supported. */
    ENOTSUP(95),
    /** Server is shutting down; the client must disconnect. */
    ESHUTDOWN(108),
    /** A value the protocol does not define; {@link NbdCommandException#errno()} has it. */
    UNKNOWN(-1);

    private final int code;

    NbdError(int code) {
        this.code = code;
    }

    /** The wire value ({@code -1} for {@link #UNKNOWN}). */
    public int code() {
        return code;
    }

    /** Maps a wire value; never null. */
    public static NbdError valueOf(int code) {
        for (NbdError e : values()) {
            if (e.code == code && e != UNKNOWN) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
