package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.FormatException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening flow: first sector → sparse header (embedded descriptor or bare extent) or text
 * descriptor → extent files → parent chain (CID check, loop and depth limits).
 */
final class VmdkOpener {
    private static final byte[] COWD = "COWD".getBytes(StandardCharsets.US_ASCII);

    private VmdkOpener() {
    }

    static VmdkReader open(Path path) throws IOException {
        return open(path, descend(BackingChain.root(), path));
    }

    /** Opens {@code path}, which {@code chain} already ends with. */
    static VmdkReader open(Path path, BackingChain chain) throws IOException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        Path real = path.toRealPath();
        VmdkDescriptor descriptor = readDescriptor(name, real);
        if (descriptor == null) {
            return new VmdkReader(name, null, List.of(SparseExtent.open(real, -1)), null);
        }
        List<ExtentSource> extents = new ArrayList<>();
        VmdkReader parent = null;
        try {
            for (VmdkExtentLine line : descriptor.extents()) {
                extents.add(openExtent(name, real.getParent(), line));
            }
            if (descriptor.hasParent()) {
                parent = openParent(name, real.getParent(), descriptor, chain);
            }
            return new VmdkReader(name, descriptor, extents, parent);
        } catch (IOException | RuntimeException e) {
            closeQuietly(extents);
            closeQuietly(parent == null ? List.of() : List.of(parent));
            throw e;
        }
    }

    /** The descriptor of {@code file}, or null for a sparse extent without an embedded one. */
    static VmdkDescriptor readDescriptor(String name, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, SparseExtentHeader.SIZE));
            FlatExtent.readFully(ch, name, 0, head);
            head.flip();
            if (SparseExtentHeader.hasMagic(head)) {
                SparseExtentHeader h = SparseExtent.readHeader(name, ch);
                if (h.descriptorOffset() == 0) {
                    return null;
                }
                ByteBuffer text = ByteBuffer.allocate((int) (h.descriptorSize() * VmdkLimits.SECTOR));
                FlatExtent.readFully(ch, name, h.descriptorOffset() * VmdkLimits.SECTOR, text);
                return VmdkDescriptor.parse(name, text.array());
            }
            if (head.remaining() >= COWD.length && head.slice(0, COWD.length).equals(ByteBuffer.wrap(COWD))) {
                throw new FormatException(name + ": ESX/VMDK3 sparse extents (COWD) are not supported");
            }
            if (size > VmdkLimits.MAX_DESCRIPTOR_BYTES) {
                throw new FormatException(name + ": not a VMDK (no sparse magic, and too large for a descriptor: " + size + " bytes)");
            }
            ByteBuffer text = ByteBuffer.allocate((int) size);
            FlatExtent.readFully(ch, name, 0, text);
            return VmdkDescriptor.parse(name, text.array());
        }
    }

    private static ExtentSource openExtent(String name, Path dir, VmdkExtentLine line) throws IOException {
        VmdkExtentLine.Kind kind = line.kind();
        if (kind == VmdkExtentLine.Kind.ZERO) {
            return new ZeroExtent(line.sectors() * VmdkLimits.SECTOR);
        }
        if (kind != VmdkExtentLine.Kind.FLAT && kind != VmdkExtentLine.Kind.VMFS && kind != VmdkExtentLine.Kind.SPARSE) {
            throw new FormatException(name + ": extent type " + VmdkDescriptor.abbreviate(line.type()) + " is not supported");
        }
        if (line.fileName() == null || line.fileName().isEmpty()) {
            throw new FormatException(name + ": " + line.type() + " extent without a file name");
        }
        Path file = dir.resolve(line.fileName());
        if (!Files.isRegularFile(file)) {
            throw new FormatException(name + ": extent file \"" + VmdkDescriptor.abbreviate(line.fileName()) + "\" not found");
        }
        return kind == VmdkExtentLine.Kind.SPARSE
                ? SparseExtent.open(file, line.sectors())
                : FlatExtent.open(file, line.offset(), line.sectors());
    }

    private static BackingChain descend(BackingChain chain, Path path) throws IOException {
        try {
            return chain.descend(path);
        } catch (NoSuchFileException e) {
            throw new FormatException(path.getFileName() + ": file not found (" + path + ")");
        }
    }

    private static VmdkReader openParent(String name, Path dir, VmdkDescriptor d, BackingChain chain) throws IOException {
        String hint = d.parentFileNameHint();
        if (hint == null || hint.isEmpty()) {
            throw new FormatException(name + ": parentCID is set but parentFileNameHint is missing");
        }
        Path parentPath = dir.resolve(hint);
        if (!Files.exists(parentPath)) {
            throw new FormatException(name + ": parent \"" + VmdkDescriptor.abbreviate(hint) + "\" not found");
        }
        VmdkReader parent = open(parentPath, descend(chain, parentPath));
        long parentCid = parent.descriptor() == null ? -1 : parent.descriptor().cid();
        if (parentCid != d.parentCid()) {
            parent.close();
            throw new FormatException(String.format("%s: parentCID %08x does not match CID %08x of parent %s (parent changed since the snapshot)",
                    name, d.parentCid(), parentCid, VmdkDescriptor.abbreviate(hint)));
        }
        return parent;
    }

    private static void closeQuietly(List<? extends Closeable> list) {
        for (Closeable c : list) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
