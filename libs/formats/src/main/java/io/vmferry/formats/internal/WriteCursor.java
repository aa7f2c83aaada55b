package io.vmferry.formats.internal;

/** Enforces the {@link io.vmferry.formats.api.BlockWriter} contract: ascending, in-bounds, before finish. */
public final class WriteCursor {
    private final long size;
    private long next;
    private boolean finished;

    public WriteCursor(long size) {
        this.size = size;
    }

    /** Accepts {@code [offset, offset + length)} or throws {@link IllegalArgumentException}/{@link IllegalStateException}. */
    public void advance(long offset, long length) {
        if (finished) {
            throw new IllegalStateException("image already finished");
        }
        if (length < 0 || offset < next || offset > size || length > size - offset) {
            throw new IllegalArgumentException("write [" + offset + ", +" + length + ") goes backwards (next "
                    + next + ") or past the disk size " + size);
        }
        next = offset + length;
    }

    /** Marks the image finished; a second call fails. */
    public void finish() {
        if (finished) {
            throw new IllegalStateException("image already finished");
        }
        finished = true;
    }

    public boolean finished() {
        return finished;
    }
}
