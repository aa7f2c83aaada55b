package io.vmferry.formats.qcow2;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.internal.ImageFile;
import io.vmferry.formats.internal.MappedReader;
import io.vmferry.formats.internal.PagedTable;
import io.vmferry.formats.internal.Run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads qcow2 version 2 and 3 images: L1/L2 lookup with a bounded L2 cache, zero clusters,
 * extended L2 entries (32 subclusters), deflate and zstd compressed clusters, and backing chains
 * (names relative to the image's directory; loops and over-deep chains are refused). Snapshots and
 * refcounts are not needed for reading and are ignored; encrypted images and external data files
 * are refused.
 */
public final class Qcow2Reader extends MappedReader {
    private final Qcow2Header header;
    private final PagedTable l1;
    private final Qcow2L2Tables l2;
    private final Qcow2Decompressor decompressor;
    private final int clusterBits;
    private final long clusterSize;
    private long cachedCompressedEntry = -1;
    private byte[] compressedOut;

    private Qcow2Reader(ImageFile file, Qcow2Header header) throws IOException {
        super(file, header.size());
        this.header = header;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
        this.l1 = new PagedTable(file, header.l1TableOffset(), header.l1Size(), 8, ByteOrder.BIG_ENDIAN, "L1 table");
        this.l2 = new Qcow2L2Tables(file, header);
        this.decompressor = new Qcow2Decompressor(file, header.compressionType());
    }

    /** Opens {@code path} as the top of a new chain. */
    public static Qcow2Reader open(Path path) throws IOException {
        return open(path, BackingChain.root().descend(path));
    }

    /** Opens {@code path}; {@code chain} already includes it. */
    public static Qcow2Reader open(Path path, BackingChain chain) throws IOException {
        ImageFile file = ImageFile.open(path);
        try {
            if (file.size() < Qcow2Header.V2_LENGTH) {
                throw file.error("file too small (" + file.size() + " bytes) for a qcow2 header");
            }
            ByteBuffer head = file.read(0, (int) Math.min(4096, file.size()), ByteOrder.BIG_ENDIAN, "qcow2 header");
            Qcow2Header header = new Qcow2Header(head);
            header.ensureValid(file);
            if (header.clusterSize() > head.limit() && file.size() > head.limit()) {
                head = file.read(0, (int) Math.min(header.clusterSize(), file.size()), ByteOrder.BIG_ENDIAN, "qcow2 header");
                header = new Qcow2Header(head);
            }
            if ((header.incompatibleFeatures() & (Qcow2Header.INCOMPAT_CORRUPT | Qcow2Header.INCOMPAT_DIRTY)) != 0) {
                log().warn("{}: image is marked {}; reading it anyway", path,
                        (header.incompatibleFeatures() & Qcow2Header.INCOMPAT_CORRUPT) != 0 ? "corrupt" : "dirty");
            }
            Qcow2Extensions ext = Qcow2Extensions.parse(file, head, header);
            if (ext.externalDataFile() != null) {
                throw file.error("qcow2 images with an external data file are not supported");
            }
            Qcow2Reader reader = new Qcow2Reader(file, header);
            if (header.backingFileOffset() != 0) {
                reader.setBacking(openBacking(file, header, ext, chain));
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static BlockReader openBacking(ImageFile file, Qcow2Header header, Qcow2Extensions ext, BackingChain chain)
            throws IOException {
        ByteBuffer nameBuf = file.read(header.backingFileOffset(), (int) header.backingFileSize(),
                ByteOrder.BIG_ENDIAN, "backing file name");
        String name = StandardCharsets.UTF_8.decode(nameBuf).toString();
        if (name.startsWith("file:")) {
            name = name.substring(5);
        }
        if (name.startsWith("json:") || name.indexOf('\0') >= 0) {
            throw file.error("unsupported backing file name '" + name + "'");
        }
        Path dir = file.path().toAbsolutePath().getParent();
        Path backing = dir.resolve(name).normalize();
        return ImageFormats.openBacking(file.path(), backing, ext.backingFormat(), chain);
    }

    @Override
    public String format() {
        return Qcow2Format.NAME;
    }

    /** The parsed header. */
    public Qcow2Header header() {
        return header;
    }

    @Override
    protected Run map(long offset, long maxLength) throws IOException {
        long cluster = offset >>> clusterBits;
        long l1Index = cluster / l2.entries();
        int l2Index = (int) (cluster % l2.entries());
        long l1Entry = l1.get(l1Index);
        long l2Offset = l1Entry & Qcow2L2Tables.OFFSET_MASK;
        if (l2Offset == 0) {
            long rangeEnd = (l1Index + 1) * l2.entries() * clusterSize;
            return Run.hole(Math.min(maxLength, rangeEnd - offset));
        }
        ByteBuffer table = l2.table(l2Offset);
        Run run = l2.classify(table, l2Index, offset & (clusterSize - 1));
        long len = Math.min(run.length(), maxLength);
        // extend over following entries of the same kind (host-contiguous for data)
        while (len < maxLength && run.kind() != Run.Kind.CUSTOM) {
            long next = offset + len;
            long nextCluster = next >>> clusterBits;
            if (nextCluster / l2.entries() != l1Index) {
                break;
            }
            Run more = l2.classify(table, (int) (nextCluster % l2.entries()), next & (clusterSize - 1));
            if (more.kind() != run.kind() || run.kind() == Run.Kind.DATA && more.hostOffset() != run.hostOffset() + len) {
                break;
            }
            len = Math.min(maxLength, len + more.length());
        }
        return new Run(run.kind(), len, run.hostOffset());
    }

    @Override
    protected void readCustom(long offset, Run run, ByteBuffer dst) throws IOException {
        long entry = run.hostOffset();
        long clusterStart = offset & -clusterSize;
        if (entry != cachedCompressedEntry || compressedOut == null) {
            if (compressedOut == null) {
                compressedOut = new byte[(int) clusterSize];
            }
            cachedCompressedEntry = -1;
            int x = 62 - (clusterBits - 8);
            long host = entry & ((1L << x) - 1);
            long sectors = ((entry & Qcow2L2Tables.ENTRY_MASK) >>> x) + 1;
            long csize = sectors * 512 - (host & 511);
            if (host >= file.size()) {
                throw file.error("compressed cluster at offset " + host + " is outside the file (size " + file.size() + ")");
            }
            int len = (int) Math.min(csize, file.size() - host);
            byte[] src = new byte[len];
            file.readFully(host, ByteBuffer.wrap(src), "compressed cluster");
            int minOut = (int) Math.min(clusterSize, size() - clusterStart);
            decompressor.decompress(src, len, compressedOut, minOut, host);
            cachedCompressedEntry = entry;
        }
        dst.put(dst.position(), compressedOut, (int) (offset - clusterStart), dst.remaining());
    }

    @Override
    public void close() throws IOException {
        decompressor.close();
        super.close();
    }

    /** Looked up on first use: most conversions never warn, and logging's start-up costs about 0.1 s. */
    private static Logger log() {
        return LoggerFactory.getLogger(Qcow2Reader.class);
    }
}
