package io.vmferry.formats.api;

/** A contiguous range {@code [offset, offset + length)} of a virtual disk with one {@link ExtentType}. */
public record Extent(long offset, long length, ExtentType type) {
    public Extent {
        if (offset < 0 || length <= 0 || offset + length < 0) {
            throw new IllegalArgumentException("bad extent offset=" + offset + " length=" + length);
        }
        if (type == null) {
            throw new IllegalArgumentException("extent type is null");
        }
    }

    public long end() {
        return offset + length;
    }
}
