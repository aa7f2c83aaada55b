package io.vmferry.formats.api;

import io.vmferry.formats.qcow2.Qcow2Format;
import io.vmferry.formats.raw.RawFormat;
import io.vmferry.formats.vhdx.VhdxFormat;
import io.vmferry.formats.vmdk.VmdkFormat;
import io.vmferry.formats.vpc.VpcFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Registry of the image formats: detection, opening and creation by name.
 *
 * <p>Detection reads the first 4 KiB and the last 512 bytes and picks the format with the highest
 * {@link ImageFormat#probe} score; {@code raw} matches anything with the lowest score. A fixed VHD is
 * recognised by its {@code conectix} footer at the end of the file, so it is never taken for raw.
 * As with {@code qemu-img}, probing is unsafe for images a guest could have written as raw: pass
 * the format when it is known.
 *
 * <p>To add a format, add one line to {@link #FORMATS}.
 */
public final class ImageFormats {
    private static final List<ImageFormat> FORMATS = List.of(
            new Qcow2Format(),
            new VhdxFormat(),
            new VpcFormat(),
            new VmdkFormat(),
            new RawFormat());

    private ImageFormats() {
    }

    /** Every registered format, raw last. */
    public static List<ImageFormat> all() {
        return FORMATS;
    }

    /** The format called {@code name} ({@code qemu-img} spelling). */
    public static ImageFormat byName(String name) {
        for (ImageFormat f : FORMATS) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown image format '" + name + "'");
    }

    /** Name of the format of {@code path}; {@code raw} when nothing else matches. */
    public static String detect(Path path) throws IOException {
        FormatProbe probe = probe(path);
        ImageFormat best = FORMATS.get(FORMATS.size() - 1);
        int bestScore = ImageFormat.NO_MATCH;
        for (ImageFormat f : FORMATS) {
            int score = f.probe(probe);
            if (score > bestScore) {
                best = f;
                bestScore = score;
            }
        }
        return best.name();
    }

    /** Opens {@code path}, detecting its format. */
    public static BlockReader open(Path path) throws IOException {
        return open(path, null);
    }

    /** Opens {@code path} as {@code format}, or detects it when {@code format} is null. */
    public static BlockReader open(Path path, String format) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new FormatException(path + ": no such file");
        }
        BackingChain chain = BackingChain.root().descend(path);
        return byName(format != null ? format : detect(path)).open(path, chain);
    }

    /**
     * Opens the backing file {@code backing} of {@code referrer}, whose chain is {@code chain}
     * (referrer included). A missing file, a loop or an over-deep chain is a {@link FormatException}.
     */
    public static BlockReader openBacking(Path referrer, Path backing, String format, BackingChain chain)
            throws IOException {
        if (!Files.isRegularFile(backing)) {
            throw new FormatException(referrer + ": backing file " + backing + " not found");
        }
        BackingChain next = chain.descend(backing);
        ImageFormat f;
        try {
            f = byName(format != null ? format : detect(backing));
        } catch (IllegalArgumentException e) {
            throw new FormatException(referrer + ": backing file " + backing + " has " + e.getMessage());
        }
        return f.open(backing, next);
    }

    /** Creates a new image; see {@link ImageFormat#create} for the options. */
    public static BlockWriter create(Path path, String format, long size, Map<String, String> options)
            throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return byName(format).create(path, size, options == null ? Map.of() : options);
    }

    private static FormatProbe probe(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(FormatProbe.HEAD_BYTES, size));
            readFully(ch, 0, head);
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(FormatProbe.TAIL_BYTES, size));
            readFully(ch, size - tail.capacity(), tail);
            return new FormatProbe(path, size, head.flip().asReadOnlyBuffer(), tail.flip().asReadOnlyBuffer());
        } catch (NoSuchFileException e) {
            throw new FormatException(path + ": no such file");
        }
    }

    private static void readFully(FileChannel ch, long pos, ByteBuffer dst) throws IOException {
        long at = pos;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new FormatException("file shrank while probing");
            }
            at += n;
        }
    }
}
