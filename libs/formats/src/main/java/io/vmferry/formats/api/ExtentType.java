package io.vmferry.formats.api;

/** What a range of a virtual disk holds. */
public enum ExtentType {
    /** Allocated, holds data (which may happen to be zero bytes). */
    DATA,
    /** Allocated or explicitly marked as reading zeros (qcow2 zero cluster, NBD_STATE_ZERO without HOLE). */
    ZERO,
    /** Not allocated in this image: reads as zeros (after the backing chain has been consulted). */
    HOLE;

    /** True when a reader of this range sees only zero bytes. */
    public boolean readsAsZero() {
        return this != DATA;
    }
}
