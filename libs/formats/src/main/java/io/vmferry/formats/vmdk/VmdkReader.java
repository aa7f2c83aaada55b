package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a VMDK disk of any hosted subformat (monolithicSparse, streamOptimized, monolithicFlat,
 * twoGbMaxExtentSparse, twoGbMaxExtentFlat, a bare sparse extent) with its snapshot parents:
 * unallocated grains fall through to the parent named by {@code parentFileNameHint}, whose CID
 * must equal this disk's {@code parentCID}. Open with {@link #open(Path)}.
 */
public final class VmdkReader implements BlockReader {
    private final String name;
    private final VmdkDescriptor descriptor;
    private final List<ExtentSource> extents;
    private final long[] starts;
    private final long size;
    private final VmdkReader parent;

    VmdkReader(String name, VmdkDescriptor descriptor, List<ExtentSource> extents, VmdkReader parent) {
        this.name = name;
        this.descriptor = descriptor;
        this.extents = List.copyOf(extents);
        this.parent = parent;
        this.starts = new long[extents.size() + 1];
        for (int i = 0; i < extents.size(); i++) {
            starts[i + 1] = starts[i] + extents.get(i).length();
        }
        this.size = starts[extents.size()];
    }

    /**
     * Opens the descriptor or sparse file at {@code path} and, recursively, its parents.
     *
     * @throws io.vmferry.formats.api.FormatException on damaged metadata, a missing extent or
     *         parent file, a CID mismatch or a loop in the parent chain
     */
    public static VmdkReader open(Path path) throws IOException {
        return VmdkOpener.open(path);
    }

    /** The descriptor (embedded or separate), or null for a bare sparse extent file. */
    public VmdkDescriptor descriptor() {
        return descriptor;
    }

    /** The descriptor's {@code createType}, or {@code "monolithicSparse"} for a bare sparse extent. */
    public String createType() {
        return descriptor == null ? VmdkSubformat.MONOLITHIC_SPARSE.createType() : descriptor.createType();
    }

    /** The parent disk of a snapshot, or null. */
    public VmdkReader parent() {
        return parent;
    }

    @Override
    public String format() {
        return "vmdk";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public List<Extent> extents(long offset, long length) throws IOException {
        List<Extent> out = new ArrayList<>();
        long end = clip(offset, length);
        long pos = offset;
        while (pos < end) {
            int i = index(pos);
            ExtentSource.Run run = run(i, pos, end);
            if (run.type() == ExtentType.HOLE && parent != null && pos < parent.size()) {
                long n = Math.min(run.length(), parent.size() - pos);
                for (Extent e : parent.extents(pos, n)) {
                    add(out, e.offset(), e.length(), e.type());
                }
                if (n < run.length()) {
                    add(out, pos + n, run.length() - n, ExtentType.HOLE);
                }
            } else {
                add(out, pos, run.length(), run.type());
            }
            pos += run.length();
        }
        return out;
    }

    private static void add(List<Extent> out, long offset, long length, ExtentType type) {
        Extent last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.type() == type && last.end() == offset) {
            out.set(out.size() - 1, new Extent(last.offset(), last.length() + length, type));
        } else {
            out.add(new Extent(offset, length, type));
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        long end = offset + dst.remaining();
        if (offset < 0 || end > size || end < offset) {
            throw new IllegalArgumentException(name + ": read [" + offset + ", " + end + ") outside disk of " + size + " bytes");
        }
        long pos = offset;
        while (pos < end) {
            int i = index(pos);
            ExtentSource src = extents.get(i);
            ExtentSource.Run run = run(i, pos, end);
            ByteBuffer part = dst.slice(dst.position(), (int) run.length());
            if (run.type() == ExtentType.DATA) {
                src.read(pos - starts[i], part);
            } else if (run.type() == ExtentType.HOLE && parent != null && pos < parent.size()) {
                int n = (int) Math.min(run.length(), parent.size() - pos);
                parent.read(pos, part.slice(0, n));
                zero(part.position(n));
            } else {
                zero(part);
            }
            dst.position(dst.position() + (int) run.length());
            pos += run.length();
        }
    }

    private ExtentSource.Run run(int i, long pos, long end) throws IOException {
        ExtentSource.Run run = extents.get(i).run(pos - starts[i], end - pos);
        if (run.length() <= 0 || run.length() > end - pos) {
            throw new IllegalStateException(name + ": extent " + i + " returned run " + run + " at " + pos);
        }
        return run;
    }

    private static void zero(ByteBuffer b) {
        while (b.remaining() >= 8) {
            b.putLong(0);
        }
        while (b.hasRemaining()) {
            b.put((byte) 0);
        }
    }

    private long clip(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size) {
            throw new IllegalArgumentException(name + ": range offset=" + offset + " length=" + length + " outside disk of " + size + " bytes");
        }
        return Math.min(size, offset + length);
    }

    private int index(long pos) {
        int lo = 0;
        int hi = extents.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ExtentSource e : extents) {
            try {
                e.close();
            } catch (IOException ex) {
                first = first == null ? ex : first;
            }
        }
        if (parent != null) {
            parent.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "VmdkReader[" + name + ", " + createType() + ", " + size + " bytes" + (parent == null ? "" : ", parent " + parent) + "]";
    }
}
