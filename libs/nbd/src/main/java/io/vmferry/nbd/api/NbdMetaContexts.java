package io.vmferry.nbd.api;

/** Names and flag bits of the meta contexts vmferry uses (proto.md "Metadata querying", QEMU docs/interop/nbd.txt). */
public final class NbdMetaContexts {

    /** Allocation status; flags {@link #STATE_HOLE} and {@link #STATE_ZERO}. */
    public static final String BASE_ALLOCATION = "base:allocation";
    /** Prefix of QEMU dirty bitmaps; flag {@link #STATE_DIRTY}. */
    public static final String QEMU_DIRTY_BITMAP_PREFIX = "qemu:dirty-bitmap:";
    /** QEMU allocation depth: 0 absent, 1 local, n in the n-th backing layer. */
    public static final String QEMU_ALLOCATION_DEPTH = "qemu:allocation-depth";

    /** {@code base:allocation} bit 0: not allocated. */
    public static final int STATE_HOLE = 1;
    /** {@code base:allocation} bit 1: reads as zeros. */
    public static final int STATE_ZERO = 2;
    /** {@code qemu:dirty-bitmap:*} bit 0: dirty. */
    public static final int STATE_DIRTY = 1;

    private NbdMetaContexts() {
    }

    /** {@code qemu:dirty-bitmap:NAME} for a bitmap name as exported. */
    public static String dirtyBitmap(String bitmap) {
        if (bitmap == null || bitmap.isEmpty()) {
            throw new IllegalArgumentException("bitmap name is empty");
        }
        return QEMU_DIRTY_BITMAP_PREFIX + bitmap;
    }
}
