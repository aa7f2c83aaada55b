package io.vmferry.formats.api;

import io.vmferry.formats.internal.Buffers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies a {@link BlockReader} to a {@link BlockWriter} extent by extent, in ascending order, with
 * one bounded buffer: holes and zero extents become {@link BlockWriter#zero}, data is read in
 * {@code bufferSize} chunks and, with zero detection on, all-zero granules of
 * {@link #ZERO_GRANULE} bytes are turned into zero calls so the target stays sparse. Chunks are read
 * into direct buffers (no hidden copy through a temporary one); by default one buffer is reused for
 * every chunk, a {@link ChunkBuffers} lets the caller lend a fresh one per chunk instead.
 */
public final class Copier {
    public static final int DEFAULT_BUFFER_SIZE = 1 << 20;
    /** Zero-detection granularity, aligned to absolute guest offsets. */
    public static final int ZERO_GRANULE = 64 * 1024;
    /** Extents are asked for at most this much of the disk at a time. */
    static final long EXTENT_WINDOW = 1L << 32;

    private final int bufferSize;
    private final boolean detectZeroes;

    /** A copier with a 1 MiB buffer and zero detection. */
    public Copier() {
        this(DEFAULT_BUFFER_SIZE, true);
    }

    /** @param bufferSize bytes read per call, a multiple of {@link #ZERO_GRANULE} */
    public Copier(int bufferSize, boolean detectZeroes) {
        if (bufferSize <= 0 || bufferSize % ZERO_GRANULE != 0) {
            throw new IllegalArgumentException("buffer size " + bufferSize + " is not a positive multiple of " + ZERO_GRANULE);
        }
        this.bufferSize = bufferSize;
        this.detectZeroes = detectZeroes;
    }

    /**
     * Where the chunks are read: each chunk is read into the buffer {@link #take} returns, its ranges
     * are handed to the writer as slices of that buffer, then {@link #handedOver} tells that the copier
     * will not touch the buffer again (a writer that keeps the slices may reuse it once it wrote them).
     */
    public interface ChunkBuffers {
        /** A buffer of at least the copier's buffer size, position 0, limit at its capacity. */
        ByteBuffer take() throws IOException;

        /** Every range of {@code buffer} was handed to the writer; the copier is done with it. */
        void handedOver(ByteBuffer buffer) throws IOException;
    }

    /** Copies all of {@code src} into {@code dst} and finishes {@code dst}; neither is closed. */
    public CopyStats copy(BlockReader src, BlockWriter dst) throws IOException {
        ByteBuffer only = ByteBuffer.allocateDirect(bufferSize);
        return copy(src, dst, new ChunkBuffers() {
            @Override
            public ByteBuffer take() {
                return only.clear();
            }

            @Override
            public void handedOver(ByteBuffer buffer) {
                // reused for the next chunk
            }
        });
    }

    /** Copies all of {@code src} into {@code dst}, reading chunks into {@code buffers}, and finishes {@code dst}. */
    public CopyStats copy(BlockReader src, BlockWriter dst, ChunkBuffers buffers) throws IOException {
        if (dst.size() < src.size()) {
            throw new IllegalArgumentException("target size " + dst.size() + " < source size " + src.size());
        }
        Sink sink = new Sink(dst);
        for (long win = 0; win < src.size(); win += EXTENT_WINDOW) {
            long len = Math.min(EXTENT_WINDOW, src.size() - win);
            List<Extent> extents = src.canExtents()
                    ? src.extents(win, len) : List.of(new Extent(win, len, ExtentType.DATA));
            for (Extent e : extents) {
                if (e.type().readsAsZero()) {
                    sink.zero(e.offset(), e.length());
                } else {
                    copyData(src, sink, e, buffers);
                }
            }
        }
        sink.flushZero();
        dst.finish();
        return new CopyStats(sink.dataBytes, sink.zeroBytes);
    }

    private void copyData(BlockReader src, Sink dst, Extent e, ChunkBuffers buffers) throws IOException {
        for (long pos = e.offset(); pos < e.end(); ) {
            // keep chunks granule-aligned so zero detection sees whole granules
            long chunkEnd = Math.min(e.end(), (pos / ZERO_GRANULE) * ZERO_GRANULE + bufferSize);
            int n = (int) (chunkEnd - pos);
            ByteBuffer buf = buffers.take();
            buf.limit(n);
            src.read(pos, buf);
            buf.flip();
            emit(dst, pos, buf);
            buffers.handedOver(buf);
            pos += n;
        }
    }

    private void emit(Sink dst, long base, ByteBuffer buf) throws IOException {
        if (!detectZeroes) {
            dst.write(base, buf);
            return;
        }
        int runStart = 0;
        boolean runZero = false;
        int p = 0;
        while (p < buf.limit()) {
            int gEnd = (int) Math.min(buf.limit(), ((base + p) / ZERO_GRANULE + 1) * ZERO_GRANULE - base);
            boolean zero = Buffers.isZero(buf.slice(p, gEnd - p));
            if (p > runStart && zero != runZero) {
                flush(dst, base, buf, runStart, p, runZero);
                runStart = p;
            }
            runZero = zero;
            p = gEnd;
        }
        if (p > runStart) {
            flush(dst, base, buf, runStart, p, runZero);
        }
    }

    private static void flush(Sink dst, long base, ByteBuffer buf, int from, int to, boolean zero) throws IOException {
        if (zero) {
            dst.zero(base + from, to - from);
        } else {
            dst.write(base + from, buf.slice(from, to - from));
        }
    }

    /** Forwards to the writer, merging adjacent zero ranges into one call, and counts bytes. */
    private static final class Sink {
        private final BlockWriter dst;
        private long zeroStart;
        private long zeroLength;
        long dataBytes;
        long zeroBytes;

        Sink(BlockWriter dst) {
            this.dst = dst;
        }

        void zero(long offset, long length) throws IOException {
            if (zeroLength > 0 && zeroStart + zeroLength != offset) {
                flushZero();
            }
            if (zeroLength == 0) {
                zeroStart = offset;
            }
            zeroLength += length;
            zeroBytes += length;
        }

        void write(long offset, ByteBuffer src) throws IOException {
            flushZero();
            dataBytes += src.remaining();
            dst.write(offset, src);
        }

        void flushZero() throws IOException {
            if (zeroLength > 0) {
                dst.zero(zeroStart, zeroLength);
                zeroLength = 0;
            }
        }
    }
}
