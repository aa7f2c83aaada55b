package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.FormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A hosted sparse extent (monolithicSparse, twoGbMaxExtentSparse, streamOptimized): header,
 * grain directory (primary, else redundant), grain tables, and plain or compressed grains. A
 * streamOptimized header with {@code gdOffset = GD_AT_END} is replaced by its footer.
 */
final class SparseExtent implements ExtentSource {
    private static final int FOOTER_TAIL = 3 * VmdkLimits.SECTOR;

    private final String name;
    private final FileChannel channel;
    private final long fileSize;
    private final SparseExtentHeader header;
    private final GrainTables tables;
    private final long length;
    private final long capacityBytes;
    private final int grainBytes;
    private final GrainInflater inflater;
    private final byte[] grain;
    private long cachedGrain = -1;

    private SparseExtent(String name, FileChannel channel, long fileSize, SparseExtentHeader header,
                         GrainTables tables, long length) {
        this.name = name;
        this.channel = channel;
        this.fileSize = fileSize;
        this.header = header;
        this.tables = tables;
        this.length = length;
        this.capacityBytes = header.capacity() * VmdkLimits.SECTOR;
        this.grainBytes = header.grainBytes();
        this.inflater = header.compressed() ? new GrainInflater(name, grainBytes) : null;
        this.grain = header.compressed() ? new byte[grainBytes] : null;
    }

    /** Reads the (valid) header of a sparse file; the channel stays owned by the caller. */
    static SparseExtentHeader readHeader(String name, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < SparseExtentHeader.SIZE) {
            throw new FormatException(name + ": file of " + size + " bytes is too short for a sparse extent header");
        }
        ByteBuffer buf = ByteBuffer.allocate(SparseExtentHeader.SIZE);
        FlatExtent.readFully(ch, name, 0, buf);
        SparseExtentHeader h = new SparseExtentHeader(buf);
        h.ensureValid(name, size);
        return h;
    }

    /** Opens the sparse file {@code path} as an extent of {@code sectors} sectors (its capacity if negative). */
    static SparseExtent open(Path path, long sectors) throws IOException {
        String name = path.getFileName().toString();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            SparseExtentHeader h = readHeader(name, ch);
            if (h.gdOffset() == SparseExtentHeader.GD_AT_END) {
                h = footer(name, ch, size, h);
            }
            GrainTables tables = directory(name, ch, size, h);
            long length = (sectors < 0 ? h.capacity() : sectors) * VmdkLimits.SECTOR;
            return new SparseExtent(name, ch, size, h, tables, length);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static SparseExtentHeader footer(String name, FileChannel ch, long size, SparseExtentHeader h) throws IOException {
        if (!h.hasFlag(SparseExtentHeader.FLAG_MARKERS) || size < SparseExtentHeader.SIZE + FOOTER_TAIL) {
            throw new FormatException(name + ": gdOffset is GD_AT_END but the extent has no markers or no room for a footer");
        }
        ByteBuffer tail = ByteBuffer.allocate(FOOTER_TAIL);
        FlatExtent.readFully(ch, name, size - FOOTER_TAIL, tail);
        StreamMarker footerMarker = StreamMarker.decode(tail.duplicate().position(0).limit(VmdkLimits.SECTOR));
        StreamMarker eos = StreamMarker.decode(tail.duplicate().position(2 * VmdkLimits.SECTOR));
        if (footerMarker != StreamMarker.FOOTER || eos != StreamMarker.END_OF_STREAM) {
            throw new FormatException(name + ": streamOptimized footer not found (file does not end with footer marker, footer, end-of-stream marker)");
        }
        SparseExtentHeader f = new SparseExtentHeader(tail.slice(VmdkLimits.SECTOR, SparseExtentHeader.SIZE));
        f.ensureValid(name + " (footer)", size);
        if (f.gdOffset() == SparseExtentHeader.GD_AT_END || f.capacity() != h.capacity() || f.grainSize() != h.grainSize()) {
            throw new FormatException(name + ": streamOptimized footer disagrees with the header or has no gdOffset");
        }
        return f;
    }

    private static GrainTables directory(String name, FileChannel ch, long size, SparseExtentHeader h) throws IOException {
        boolean hasRgd = h.hasFlag(SparseExtentHeader.FLAG_REDUNDANT_GD) && h.rgdOffset() != 0;
        if (h.gdOffset() == 0 && !hasRgd) {
            throw new FormatException(name + ": sparse extent has no grain directory");
        }
        try {
            return GrainTables.load(name, ch, size, h, h.gdOffset(), "grain directory");
        } catch (FormatException primary) {
            if (!hasRgd) {
                throw primary;
            }
            GrainTables rgd = GrainTables.load(name, ch, size, h, h.rgdOffset(), "redundant grain directory");
            log().warn("{}: primary grain directory unusable ({}); using the redundant one", name, primary.getMessage());
            return rgd;
        }
    }

    SparseExtentHeader header() {
        return header;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Run run(long offset, long max) throws IOException {
        long limit = Math.min(length, offset + max);
        if (offset >= capacityBytes) {
            return new Run(ExtentType.HOLE, limit - offset);
        }
        long g = offset / grainBytes;
        ExtentType type = typeOf(tables.entry(g));
        long end = (g + 1) * grainBytes;
        while (end < limit && end < capacityBytes) {
            long next = end / grainBytes;
            if (type == ExtentType.HOLE && !tables.tableAllocated(next)) {
                long perTable = (long) tables.entriesPerTable() * grainBytes;
                end = (next / tables.entriesPerTable() + 1) * perTable;
                continue;
            }
            if (typeOf(tables.entry(next)) != type) {
                break;
            }
            end += grainBytes;
        }
        if (type == ExtentType.HOLE && end >= capacityBytes) {
            end = limit;
        }
        return new Run(type, Math.min(end, limit) - offset);
    }

    private static ExtentType typeOf(long gte) {
        return gte == GrainTables.UNALLOCATED ? ExtentType.HOLE : gte == GrainTables.ZEROED ? ExtentType.ZERO : ExtentType.DATA;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        long pos = offset;
        while (dst.hasRemaining()) {
            long g = pos / grainBytes;
            int inGrain = (int) (pos - g * grainBytes);
            int n = Math.min(dst.remaining(), grainBytes - inGrain);
            long sector = tables.entry(g);
            if (sector <= GrainTables.ZEROED) {
                throw new IllegalStateException(name + ": read of unallocated grain " + g);
            }
            ByteBuffer part = dst.slice(dst.position(), n);
            if (inflater != null) {
                if (cachedGrain != g) {
                    cachedGrain = -1;
                    inflater.read(channel, fileSize, sector, g * header.grainSize(), grain);
                    cachedGrain = g;
                }
                part.put(grain, inGrain, n);
            } else {
                long at = sector * VmdkLimits.SECTOR + inGrain;
                if (at + n > fileSize) {
                    throw new FormatException(name + ": grain " + g + " at sector " + sector + " extends beyond the end of the file");
                }
                FlatExtent.readFully(channel, name, at, part);
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        if (inflater != null) {
            inflater.close();
        }
        channel.close();
    }

    /** Looked up on first use: most conversions never warn, and logging's start-up costs about 0.1 s. */
    private static Logger log() {
        return LoggerFactory.getLogger(SparseExtent.class);
    }
}
