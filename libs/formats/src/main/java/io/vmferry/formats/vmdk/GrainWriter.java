package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockWriter;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Common part of the sparse writers: accepts writes in ascending order, assembles them into one
 * grain buffer, and hands each finished grain that is not all zeros to {@link #writeGrain}.
 * Memory: one grain plus what the subclass keeps per grain table.
 */
abstract class GrainWriter implements BlockWriter {
    protected final String name;
    protected final long size;
    protected final long capacitySectors;
    protected final long grainSectors;
    protected final int grainBytes;
    private final byte[] grain;
    private long current = -1;
    private boolean dirty;
    private long position;
    private boolean finished;

    GrainWriter(String name, long size, long grainSectors) {
        if (size < 0 || size > VmdkLimits.MAX_SECTORS * VmdkLimits.SECTOR) {
            throw new IllegalArgumentException(name + ": size " + size + " outside [0, " + VmdkLimits.MAX_SECTORS * VmdkLimits.SECTOR + "]");
        }
        this.name = name;
        this.size = size;
        this.capacitySectors = (size + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR;
        this.grainSectors = grainSectors;
        this.grainBytes = (int) (grainSectors * VmdkLimits.SECTOR);
        this.grain = new byte[grainBytes];
    }

    @Override
    public final String format() {
        return "vmdk";
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final void write(long offset, ByteBuffer src) throws IOException {
        checkOrder(offset, src.remaining());
        long pos = offset;
        while (src.hasRemaining()) {
            long g = pos / grainBytes;
            moveTo(g);
            int in = (int) (pos - g * grainBytes);
            int n = Math.min(src.remaining(), grainBytes - in);
            src.get(grain, in, n);
            dirty = true;
            pos += n;
        }
        position = pos;
    }

    @Override
    public final void zero(long offset, long length) throws IOException {
        checkOrder(offset, length);
        position = offset + length;
    }

    private void checkOrder(long offset, long length) {
        if (finished) {
            throw new IllegalStateException(name + ": already finished");
        }
        if (offset < position || length < 0 || offset + length > size) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", +" + length + ") goes backwards (last end "
                    + position + ") or past the size " + size);
        }
    }

    private void moveTo(long g) throws IOException {
        if (g == current) {
            return;
        }
        flushGrain();
        current = g;
        java.util.Arrays.fill(grain, (byte) 0);
    }

    private void flushGrain() throws IOException {
        if (dirty && !allZero(grain)) {
            writeGrain(current, grain);
        }
        dirty = false;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final void finish() throws IOException {
        if (finished) {
            return;
        }
        flushGrain();
        complete();
        finished = true;
    }

    /** Stores grain {@code index}; grains arrive in ascending order. */
    protected abstract void writeGrain(long index, byte[] data) throws IOException;

    /** Writes the remaining metadata and forces the output. */
    protected abstract void complete() throws IOException;
}
