package io.vmferry.formats.internal;

/**
 * Where a run of guest bytes lives, as answered by {@link MappedReader#map}.
 *
 * @param kind       what the run holds
 * @param length     run length in bytes, at least 1
 * @param hostOffset file offset of the first byte for {@link Kind#DATA}; for {@link Kind#CUSTOM} a
 *                   value the reader interprets itself (e.g. a compressed cluster descriptor)
 */
public record Run(Kind kind, long length, long hostOffset) {

    /** Run kinds. */
    public enum Kind {
        /** Stored uncompressed in this file at {@code hostOffset}. */
        DATA,
        /** Explicitly reads as zeros in this image. */
        ZERO,
        /** Not allocated here: falls through to the backing file, or zeros. */
        HOLE,
        /** Data the reader must produce itself (e.g. a compressed cluster). */
        CUSTOM
    }

    public Run {
        if (length <= 0) {
            throw new IllegalArgumentException("run length " + length);
        }
    }

    public static Run data(long length, long hostOffset) {
        return new Run(Kind.DATA, length, hostOffset);
    }

    public static Run zero(long length) {
        return new Run(Kind.ZERO, length, 0);
    }

    public static Run hole(long length) {
        return new Run(Kind.HOLE, length, 0);
    }
}
