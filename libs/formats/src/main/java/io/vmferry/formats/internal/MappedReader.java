package io.vmferry.formats.internal;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Base of the table-driven readers: a subclass answers {@link #map} (where do the guest bytes at an
 * offset live) and this class turns the answers into {@link #read} and {@link #extents}, falling
 * through to an optional backing reader for {@link Run.Kind#HOLE} runs.
 */
public abstract class MappedReader implements BlockReader {
    protected final ImageFile file;
    private final long size;
    private BlockReader backing;

    protected MappedReader(ImageFile file, long size) {
        this.file = file;
        this.size = size;
    }

    /**
     * Where the bytes at {@code offset} live: a run of at least one and at most {@code maxLength}
     * bytes ({@code offset < size()}, {@code maxLength >= 1}).
     */
    protected abstract Run map(long offset, long maxLength) throws IOException;

    /** Produces the bytes of a {@link Run.Kind#CUSTOM} run starting at guest {@code offset}. */
    protected void readCustom(long offset, Run run, ByteBuffer dst) throws IOException {
        throw new UnsupportedOperationException("no custom runs in " + format());
    }

    /** Installs the reader that {@link Run.Kind#HOLE} runs fall through to; closed with this one. */
    protected final void setBacking(BlockReader backing) {
        this.backing = backing;
    }

    /** The backing reader, or null. */
    public final BlockReader backing() {
        return backing;
    }

    /** The image file this reader parses. */
    public final ImageFile file() {
        return file;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        long pos = offset;
        while (dst.hasRemaining()) {
            Run run = map(pos, dst.remaining());
            int n = (int) Math.min(run.length(), dst.remaining());
            ByteBuffer part = dst.slice(dst.position(), n);
            switch (run.kind()) {
                case DATA -> readData(run.hostOffset(), part);
                case ZERO -> fillZero(part);
                case HOLE -> readHole(pos, part);
                case CUSTOM -> readCustom(pos, run, part);
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    @Override
    public List<Extent> extents(long offset, long length) throws IOException {
        long end = Math.min(size, offset + Math.max(0, length));
        ExtentListBuilder out = new ExtentListBuilder();
        long pos = Math.max(0, offset);
        while (pos < end) {
            Run run = map(pos, end - pos);
            long n = Math.min(run.length(), end - pos);
            switch (run.kind()) {
                case DATA, CUSTOM -> out.add(pos, n, ExtentType.DATA);
                case ZERO -> out.add(pos, n, ExtentType.ZERO);
                case HOLE -> holeExtents(pos, n, out);
            }
            pos += n;
        }
        return out.build();
    }

    private void holeExtents(long pos, long n, ExtentListBuilder out) throws IOException {
        long inBacking = backing == null ? 0 : Math.max(0, Math.min(n, backing.size() - pos));
        if (inBacking > 0) {
            out.addAll(backing.extents(pos, inBacking));
        }
        out.add(pos + inBacking, n - inBacking, ExtentType.HOLE);
    }

    private void readHole(long pos, ByteBuffer part) throws IOException {
        long inBacking = backing == null ? 0 : Math.max(0, Math.min(part.remaining(), backing.size() - pos));
        if (inBacking > 0) {
            backing.read(pos, part.slice(0, (int) inBacking));
        }
        fillZero(part.slice((int) inBacking, part.remaining() - (int) inBacking));
    }

    /** Reads stored data; the run must start inside the file, a tail past the end reads as zeros. */
    protected final void readData(long hostOffset, ByteBuffer part) throws IOException {
        if (hostOffset < 0 || hostOffset >= file.size()) {
            throw file.error("data at offset " + hostOffset + " is outside the file (size " + file.size() + ")");
        }
        int inFile = (int) Math.min(part.remaining(), file.size() - hostOffset);
        file.readFully(hostOffset, part.slice(0, inFile), "data");
        fillZero(part.slice(inFile, part.remaining() - inFile));
    }

    protected final void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("read [" + offset + ", +" + length + ") outside disk of size " + size);
        }
    }

    protected static void fillZero(ByteBuffer part) {
        Buffers.fillZero(part);
    }

    @Override
    public void close() throws IOException {
        try {
            if (backing != null) {
                backing.close();
            }
        } finally {
            file.close();
        }
    }
}
