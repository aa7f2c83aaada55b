package io.vmferry.nbd.api;

/** Option reply error types ({@code NBD_REP_ERR_*}: bit 31 set), as the server sends them during the handshake. */
public enum NbdOptionError {
    UNSUP(1),
    POLICY(2),
    INVALID(3),
    PLATFORM(4),
    TLS_REQD(5),
    /** The requested export is not available. */
    UNKNOWN(6),
    SHUTDOWN(7),
    BLOCK_SIZE_REQD(8),
    TOO_BIG(9),
    EXT_HEADER_REQD(10),
    /** An error type this client does not know. */
    OTHER(-1);

    private static final int ERROR_BIT = 1 << 31;

    private final int low;

    NbdOptionError(int low) {
        this.low = low;
    }

    /** The wire value ({@code 2^31 + n}); {@code -1} for {@link #OTHER}. */
    public int code() {
        return low < 0 ? -1 : ERROR_BIT | low;
    }

    /** Maps a wire reply type with bit 31 set; never null. */
    public static NbdOptionError valueOf(int replyType) {
        for (NbdOptionError e : values()) {
            if (e.low >= 0 && (ERROR_BIT | e.low) == replyType) {
                return e;
            }
        }
        return OTHER;
    }
}
