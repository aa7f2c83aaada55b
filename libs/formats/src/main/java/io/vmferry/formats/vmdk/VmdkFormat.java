package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.FormatProbe;
import io.vmferry.formats.api.ImageFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The VMDK format as registered in {@link io.vmferry.formats.api.ImageFormats}: detection, opening
 * (every hosted subformat and snapshot chains, see {@link VmdkReader}) and creation of
 * monolithicSparse and streamOptimized disks.
 *
 * <p>{@link #create} options use {@code qemu-img -o} names: {@code subformat}
 * (monolithicSparse, the default, or streamOptimized), {@code adapter_type} (lsilogic by default;
 * ide, buslogic, legacyESX, lsisas1068, pvscsi) and {@code hwversion} (4 by default).
 */
public final class VmdkFormat implements ImageFormat {
    /** Name as {@code qemu-img info} prints it. */
    public static final String NAME = "vmdk";

    @Override
    public String name() {
        return NAME;
    }

    /** {@link #MATCH} for the sparse magic "KDMV" or a {@code # Disk DescriptorFile} text; half for a bare {@code createType=} text. */
    @Override
    public int probe(FormatProbe probe) {
        ByteBuffer head = probe.head();
        if (SparseExtentHeader.hasMagic(head) || VmdkDescriptor.looksLikeDescriptor(head)) {
            return MATCH;
        }
        if (probe.fileSize() <= VmdkLimits.MAX_DESCRIPTOR_BYTES) {
            byte[] bytes = new byte[head.remaining()];
            head.duplicate().get(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.contains("createType=") && text.matches("(?s).*\\b(RW|RDONLY)\\s+\\d+\\s+(FLAT|SPARSE|VMFS|ZERO)\\b.*")) {
                return MATCH / 2;
            }
        }
        return NO_MATCH;
    }

    @Override
    public BlockReader open(Path path, BackingChain chain) throws IOException {
        return VmdkOpener.open(path, chain);
    }

    @Override
    public boolean canCreate() {
        return true;
    }

    @Override
    public BlockWriter create(Path path, long size, Map<String, String> options) throws IOException {
        return create(path, size, options(options));
    }

    /** Parses {@code qemu-img -o} style options; unknown names are rejected. */
    public static VmdkWriterOptions options(Map<String, String> options) {
        Map<String, String> rest = new HashMap<>(options);
        String sub = rest.remove("subformat");
        VmdkSubformat subformat = sub == null ? VmdkSubformat.MONOLITHIC_SPARSE : VmdkSubformat.fromCreateType(sub);
        if (subformat == null) {
            throw new IllegalArgumentException("unknown vmdk subformat '" + sub + "'");
        }
        VmdkWriterOptions o = VmdkWriterOptions.of(subformat);
        String adapter = rest.remove("adapter_type");
        if (adapter != null) {
            o = o.withAdapterType(adapter);
        }
        String hw = rest.remove("hwversion");
        if (hw != null) {
            try {
                o = o.withHwVersion(Integer.parseInt(hw));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("vmdk hwversion '" + hw + "' is not a number");
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown vmdk options " + rest.keySet());
        }
        return o;
    }

    /**
     * Creates a new disk of {@code size} bytes (rounded up to a sector) at {@code path}, replacing
     * any file there. Extents must be written in ascending order.
     */
    public static BlockWriter create(Path path, long size, VmdkWriterOptions options) throws IOException {
        if (options.subformat() == VmdkSubformat.MONOLITHIC_SPARSE) {
            return new MonolithicSparseWriter(path, size, options);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        try {
            return new StreamOptimizedWriter(path.getFileName().toString(), ch, size, options);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Writes a streamOptimized disk to a stream (a pipe, a tar entry of an OVA); {@code fileName}
     * is the name the embedded descriptor gives the extent. The writer closes {@code out}.
     */
    public static BlockWriter createStream(String fileName, WritableByteChannel out, long size, VmdkWriterOptions options)
            throws IOException {
        if (options.subformat() != VmdkSubformat.STREAM_OPTIMIZED) {
            throw new IllegalArgumentException("only streamOptimized can be written to a stream");
        }
        return new StreamOptimizedWriter(fileName, out, size, options);
    }
}
