package io.vmferry.bridge.bacula;

import io.vmferry.bridge.repo.AtomicFiles;
import io.vmferry.formats.io.FileWrites;
import io.vmferry.formats.raw.RawWriter;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.ZeroFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rebuilds a disk as Bacula delivers its chain, oldest first, straight into a raw image: the full is written as it
 * arrives (sparse), each later stream applied on top of it in place. Used by {@code vmferry bacula restore --to DIR}
 * for its staging directory (which it marks with {@link #MARKER}): the disk is written once, with no copy of the
 * streams kept and no second pass. The image is a work file: only once the restore job ended well does the restore
 * command check {@link #appliedPoint} and move it into place, so an image that a failed stream left half updated is
 * never handed out.
 *
 * <p>Each stream is verified as it is applied (frame CRCs; the trailer's counts and SHA-256 before the stream counts
 * as applied), and must continue the chain: an incremental's parent is the point applied last, a differential's the
 * full; anything else is a missing link. {@code <image>.point} records the full's and the last point's ids; it is
 * removed while a stream is applied, so an image that a failed stream left half written holds no point at all.
 * Frames: data is written; zero writes zeros (shadows older data); hole is unchanged in an incremental and zero in a
 * full (a new sparse file).
 */
public final class ChainApplier {
    /** The file that asks the writer to apply streams in a staging directory instead of storing them. */
    public static final String MARKER = ".vmferry-apply";
    private static final int ZERO_CHUNK = 1 << 20;

    private ChainApplier() {
    }

    /** True when the restore command asked for images in {@code where}. */
    public static boolean requested(Path where) {
        return Files.isRegularFile(where.resolve(MARKER));
    }

    /** The image of {@code disk} in {@code where}. */
    public static Path image(Path where, VmDisk disk) {
        return where.resolve(disk.imageFileName());
    }

    /** The point applied last to the image of {@code disk} in {@code where}, if any. */
    public static Optional<String> appliedPoint(Path where, VmDisk disk) throws IOException {
        return readPoints(image(where, disk)).map(p -> p[1]);
    }

    /** Applies the disk stream of {@code path} arriving on {@code in}; returns what it did. */
    public static String apply(InputStream in, CatalogPath path, Path where) throws IOException {
        Path image = image(where, path.disk());
        try (StreamFileReader reader = StreamFileReader.of(in, path.toString())) {
            StreamHeader h = reader.header();
            VmDisk disk = path.disk();
            path.checkHolds(h);
            reader.readAhead(); // reading the pipe and verifying overlap with writing the image
            String full;
            long written;
            if (h.level() == BackupLevel.FULL) {
                Files.deleteIfExists(pointsFile(image));
                written = writeFull(reader, h, image);
                full = h.jobId();
            } else {
                String[] points = readPoints(image).orElseThrow(() -> new BaculaException("missing chain link: no full"
                        + " of " + disk.vmKey() + " " + disk.disk() + " was restored before this " + h.level().label()
                        + " stream (" + path + ")"));
                String expected = h.level() == BackupLevel.DIFFERENTIAL ? points[0] : points[1];
                if (!expected.equals(h.parentPointId())) {
                    throw new BaculaException("missing chain link: " + path + " builds on " + h.parentPointId()
                            + ", the chain restored so far ends at " + points[1]);
                }
                full = points[0];
                Files.delete(pointsFile(image)); // until this stream is verified, the image holds no point
                written = applyChanges(reader, h, image);
            }
            writePoints(image, full, h.jobId());
            return h.level().label() + " stream of " + h.jobId() + " applied to " + image + " (" + written
                    + " bytes written, sha256 " + reader.trailer().sha256() + ")";
        }
    }

    private static long writeFull(StreamFileReader reader, StreamHeader h, Path image) throws IOException {
        long written = 0;
        try (RawWriter out = RawWriter.create(image, h.virtualSize())) {
            for (ContentFrame f; (f = reader.next()) != null; ) {
                if (f instanceof DataFrame d) {
                    out.write(d.offset(), d.bytes());
                    written += d.length();
                } // zero and hole frames: the new sparse file reads as zeros there
            }
            out.finish(); // only after the trailer verified (next() returned null)
        }
        return written;
    }

    private static long applyChanges(StreamFileReader reader, StreamHeader h, Path image) throws IOException {
        long written = 0;
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            if (raf.length() != h.virtualSize()) {
                raf.setLength(h.virtualSize()); // the disk was resized between the points
            }
            FileChannel ch = raf.getChannel();
            ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK);
            for (ContentFrame f; (f = reader.next()) != null; ) {
                if (f instanceof DataFrame d) {
                    FileWrites.writeFully(ch, d.offset(), d.bytes());
                    written += d.length();
                } else if (f instanceof ZeroFrame z) {
                    for (long off = 0; off < z.length(); off += ZERO_CHUNK) {
                        FileWrites.writeFully(ch, z.offset() + off,
                                zeros.clear().limit((int) Math.min(ZERO_CHUNK, z.length() - off)));
                    }
                    written += z.length();
                } // hole: not allocated in this point, reads from the parent: unchanged
            }
            ch.force(false);
        }
        return written;
    }

    private static Path pointsFile(Path image) {
        return image.resolveSibling(image.getFileName() + ".point");
    }

    private static Optional<String[]> readPoints(Path image) throws IOException {
        Path file = pointsFile(image);
        if (!Files.exists(file) || !Files.exists(image)) {
            return Optional.empty();
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).strip().split("\n");
        if (lines.length != 2) {
            throw new IOException(file + " is damaged");
        }
        return Optional.of(lines);
    }

    private static void writePoints(Path image, String full, String last) throws IOException {
        AtomicFiles.write(pointsFile(image), (full + "\n" + last + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
