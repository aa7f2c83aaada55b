package io.vmferry.receiver;

import io.vmferry.formats.api.Copier;
import io.vmferry.formats.raw.RawReader;
import io.vmferry.formats.raw.RawWriter;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamHeader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream being applied to the {@code <disk>.raw.part} working copy of a replica. A full stream
 * starts from an empty sparse file of the virtual size (data written, zero and hole ranges left as
 * holes); an incremental or differential one starts from a sparse copy of the current replica (only
 * non-zero data is copied) and writes its data and zero ranges over it. The replica itself is never
 * touched here: {@link ReplicaStore#commit} renames the working copy over it once the trailer verified.
 */
final class ReplicaUpdate {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    final StreamHeader header;
    final String point;
    final Path part;
    final Path replica;
    private final FileChannel channel;
    private final boolean fresh;
    private final AtomicBoolean finished = new AtomicBoolean();

    private ReplicaUpdate(StreamHeader header, String point, Path part, Path replica, FileChannel channel) {
        this.header = header;
        this.point = point;
        this.part = part;
        this.replica = replica;
        this.channel = channel;
        this.fresh = header.level() == BackupLevel.FULL;
    }

    /** Creates the working copy for {@code header}: empty for a full stream, a sparse copy otherwise. */
    static ReplicaUpdate prepare(StreamHeader header, String point, Path part, Path replica) throws IOException {
        Files.createDirectories(part.getParent());
        Files.deleteIfExists(part);
        try {
            if (header.level() != BackupLevel.FULL) {
                sparseCopy(replica, part);
            }
            try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
                raf.setLength(header.virtualSize());
            }
            FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE);
            return new ReplicaUpdate(header, point, part, replica, ch);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Writes one content frame into the working copy. */
    void apply(ContentFrame frame) throws IOException {
        if (frame.offset() < 0 || frame.end() > header.virtualSize()) {
            throw new ReplicaException("frame seq=" + frame.sequence() + " [" + frame.offset() + ", " + frame.end()
                    + ") lies outside the disk of " + header.virtualSize() + " bytes");
        }
        switch (frame) {
            case DataFrame d -> write(frame.offset(), d.bytes());
            // a fresh file already reads as zeros; over a copy, zeros (and holes) must shadow the old data
            default -> {
                if (!fresh) {
                    writeZeros(frame.offset(), frame.length());
                }
            }
        }
    }

    /** Forces the working copy to stable storage and closes it. */
    void finish() throws IOException {
        channel.force(true);
        channel.close();
    }

    /** Closes and deletes the working copy; true the first time (the update's claim is then released). */
    boolean discard() throws IOException {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        channel.close();
        Files.deleteIfExists(part);
        return true;
    }

    /** Marks the update as done so that a later {@link #discard()} does nothing; true the first time. */
    boolean markDone() {
        return finished.compareAndSet(false, true);
    }

    private void write(long offset, ByteBuffer src) throws IOException {
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    private void writeZeros(long offset, long length) throws IOException {
        for (long pos = offset; pos < offset + length; ) {
            int n = (int) Math.min(ZEROS.capacity(), offset + length - pos);
            write(pos, ZEROS.duplicate().limit(n));
            pos += n;
        }
    }

    private static void sparseCopy(Path from, Path to) throws IOException {
        try (RawReader src = RawReader.open(from); RawWriter dst = RawWriter.create(to, src.size())) {
            new Copier().copy(src, dst);
        }
    }
}
