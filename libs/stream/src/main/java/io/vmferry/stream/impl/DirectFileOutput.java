package io.vmferry.stream.impl;

import io.vmferry.formats.io.DirectSparseOutput;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file written front to back, with {@code O_DIRECT} where the file system allows it (appends through
 * {@link DirectSparseOutput}: 4 MiB block-aligned writes), else with ordinary writes; {@link #finish()} gives the file
 * its exact length and forces it.
 * <p>Performance: a sink storing a stream of several GiB through the page cache paid for it twice
 * in kernel CPU (the copy into new cache pages, then the writeback threads: ~1 CPU-s per GiB on the
 * 2-core bench box) and then waited for the whole file in the final {@code fsync} (~1 s for 2 GiB),
 * as the dirty threshold was never reached during the stream. Direct writes leave the page cache
 * alone; the one copy left is the one into the staging buffer, and the final force only has the
 * metadata to write. Not thread-safe.
 */
public final class DirectFileOutput implements Closeable {
    /** Bytes gathered before one direct write. */
    public static final int STAGE_BYTES = DirectSparseOutput.STAGE_BYTES;

    private final FileChannel channel;
    /** Null: ordinary writes through {@link #channel}. */
    private final DirectSparseOutput direct;
    private long length;

    private DirectFileOutput(FileChannel channel, DirectSparseOutput direct) {
        this.channel = channel;
        this.direct = direct;
    }

    /**
     * Creates {@code file}, which must not exist; {@code direct} false, or direct writes refused or turned off
     * ({@link DirectSparseOutput#open}): ordinary writes only.
     */
    public static DirectFileOutput create(Path file, boolean direct) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return new DirectFileOutput(channel, direct ? DirectSparseOutput.open(file) : null);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** True when the file is written with {@code O_DIRECT}. */
    public boolean direct() {
        return direct != null;
    }

    /** Bytes written so far (staged bytes included). */
    public long length() {
        return length;
    }

    /** Appends the remaining bytes of {@code parts}; their positions are not moved. */
    public void write(ByteBuffer[] parts) throws IOException {
        if (direct != null) {
            for (ByteBuffer part : parts) {
                if (part.hasRemaining()) {
                    direct.write(length, part);
                    length += part.remaining();
                }
            }
            return;
        }
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
    }

    /** Writes what is staged, gives the file its exact length and forces data and metadata to disk. */
    public void finish() throws IOException {
        if (direct != null) {
            direct.finish(length);
        }
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
