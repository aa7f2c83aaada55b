package io.vmferry.formats.vmdk;

import java.util.zip.Deflater;

/**
 * Deflates one streamOptimized grain at a time into a buffer laid out as the grain will be written:
 * {@link StreamMarker#GRAIN_HEADER_SIZE} bytes left for the grain marker, the zlib stream, then room
 * to pad to a whole sector. Not thread-safe: one instance per thread at a time.
 */
final class GrainDeflater implements AutoCloseable {
    private final String name;
    private final Deflater deflater;
    private final byte[] out;

    GrainDeflater(String name, int level, int grainBytes) {
        this.name = name;
        this.deflater = new Deflater(level);
        int bound = StreamMarker.GRAIN_HEADER_SIZE + grainBytes + grainBytes / 8 + 1024;
        this.out = new byte[(int) ((bound + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR * VmdkLimits.SECTOR)];
    }

    /** The output buffer: marker space, then the compressed bytes of the last {@link #deflate}. */
    byte[] output() {
        return out;
    }

    /** Compresses {@code grain} to {@code output()[GRAIN_HEADER_SIZE ..]} and returns the compressed length. */
    int deflate(byte[] grain) {
        deflater.reset();
        deflater.setInput(grain);
        deflater.finish();
        int start = StreamMarker.GRAIN_HEADER_SIZE;
        int limit = out.length - VmdkLimits.SECTOR;
        int n = 0;
        while (!deflater.finished()) {
            if (start + n == limit) {
                throw new IllegalStateException(name + ": deflate output exceeds its bound");
            }
            n += deflater.deflate(out, start + n, limit - start - n);
        }
        return n;
    }

    @Override
    public void close() {
        deflater.end();
    }
}
