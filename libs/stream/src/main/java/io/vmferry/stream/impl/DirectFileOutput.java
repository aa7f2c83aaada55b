package io.vmferry.stream.impl;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file written front to back with {@code O_DIRECT} where the file system allows it, else with
 * ordinary writes. Bytes are gathered into one block-aligned direct buffer of {@link #STAGE_BYTES}
 * and written a buffer at a time; {@link #finish()} writes the last, partial block padded to the
 * block size, cuts the file back to the exact length and forces it.
 * <p>Performance: a sink storing a stream of several GiB through the page cache paid for it twice
 * in kernel CPU (the copy into new cache pages, then the writeback threads: ~1 CPU-s per GiB on the
 * 2-core bench box) and then waited for the whole file in the final {@code fsync} (~1 s for 2 GiB),
 * as the dirty threshold was never reached during the stream. Direct writes leave the page cache
 * alone; the one copy left is the one into the staging buffer, and the final force only has the
 * metadata to write. File systems that refuse {@code O_DIRECT} (tmpfs, some FUSE ones) get the
 * ordinary path. Not thread-safe.
 */
public final class DirectFileOutput implements Closeable {
    /** Bytes gathered before one direct write. */
    public static final int STAGE_BYTES = 4 << 20;

    private final FileChannel channel;
    private final ByteBuffer stage;
    private final int block;
    private long length;

    private DirectFileOutput(FileChannel channel, ByteBuffer stage, int block) {
        this.channel = channel;
        this.stage = stage;
        this.block = block;
    }

    /**
     * Creates {@code file}, which must not exist; {@code direct} false, or the system property
     * {@code vmferry.io.direct} {@code false} (the switch the image writers honour too): ordinary writes only.
     */
    public static DirectFileOutput create(Path file, boolean direct) throws IOException {
        if (direct && !"false".equals(System.getProperty("vmferry.io.direct"))) {
            int block = blockSize(file);
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        ExtendedOpenOption.DIRECT);
                ByteBuffer stage = ByteBuffer.allocateDirect(STAGE_BYTES + block).alignedSlice(block)
                        .limit(STAGE_BYTES);
                return new DirectFileOutput(channel, stage, block);
            } catch (UnsupportedOperationException | IOException e) {
                Files.deleteIfExists(file); // O_DIRECT refused (EINVAL): the file may exist, empty
            }
        }
        return new DirectFileOutput(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                null, 1);
    }

    /** True when the file is written with {@code O_DIRECT}. */
    public boolean direct() {
        return stage != null;
    }

    /** Bytes written so far (staged bytes included). */
    public long length() {
        return length;
    }

    /** Appends the remaining bytes of {@code parts}; their positions are not moved. */
    public void write(ByteBuffer[] parts) throws IOException {
        if (stage == null) {
            ByteBuffer[] views = new ByteBuffer[parts.length];
            long left = 0;
            for (int i = 0; i < parts.length; i++) {
                views[i] = parts[i].duplicate();
                left += views[i].remaining();
            }
            length += left;
            while (left > 0) {
                left -= channel.write(views);
            }
            return;
        }
        for (ByteBuffer part : parts) {
            ByteBuffer src = part.duplicate();
            length += src.remaining();
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), stage.remaining());
                stage.put(stage.position(), src, src.position(), n);
                stage.position(stage.position() + n);
                src.position(src.position() + n);
                if (!stage.hasRemaining()) {
                    drain(stage.position());
                }
            }
        }
    }

    /** Writes what is staged, gives the file its exact length and forces data and metadata to disk. */
    public void finish() throws IOException {
        if (stage != null && stage.position() > 0) {
            int used = stage.position();
            int padded = (used + block - 1) / block * block;
            stage.limit(padded);
            stage.put(used, new byte[padded - used]);
            drain(padded);
            channel.truncate(length);
        }
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Writes the first {@code bytes} (a block multiple) of the stage at the end of the file. */
    private void drain(int bytes) throws IOException {
        stage.position(0).limit(bytes);
        while (stage.hasRemaining()) {
            channel.write(stage);
        }
        stage.clear().limit(STAGE_BYTES);
    }

    private static int blockSize(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        long size = Files.getFileStore(dir).getBlockSize();
        return (int) Math.max(4096, Math.min(size, 1 << 16));
    }
}
