package io.vmferry.nbd.api;

/**
 * One extent of a block-status answer: {@code [offset, offset + length)} with the context's flags.
 * What the flags mean depends on the meta context, see {@link NbdMetaContexts}.
 */
public record NbdExtent(long offset, long length, int flags) {

    public NbdExtent {
        if (offset < 0 || length <= 0 || offset + length < 0) {
            throw new IllegalArgumentException("bad extent offset=" + offset + " length=" + length);
        }
    }

    public long end() {
        return offset + length;
    }

    /** {@code base:allocation}: not allocated. */
    public boolean hole() {
        return (flags & NbdMetaContexts.STATE_HOLE) != 0;
    }

    /** {@code base:allocation}: reads as zeros. */
    public boolean zero() {
        return (flags & NbdMetaContexts.STATE_ZERO) != 0;
    }

    /** {@code qemu:dirty-bitmap:*}: changed since the bitmap was started. */
    public boolean dirty() {
        return (flags & NbdMetaContexts.STATE_DIRTY) != 0;
    }
}
