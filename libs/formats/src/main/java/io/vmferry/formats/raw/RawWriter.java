package io.vmferry.formats.raw;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.internal.ImageTargets;
import io.vmferry.formats.internal.WriteCursor;
import io.vmferry.formats.io.DirectSparseOutput;
import io.vmferry.formats.io.FileWrites;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes a sparse raw image: the file is truncated and set to the disk size up front, data is
 * written in place and zero ranges are skipped, leaving holes. Data goes to the disk with
 * {@code O_DIRECT} where the file system allows it ({@link DirectSparseOutput}), else through the
 * page cache.
 */
public final class RawWriter implements BlockWriter {
    private final RandomAccessFile raf;
    private final FileChannel channel;
    private final long size;
    private final WriteCursor cursor;
    /** Null: ordinary writes through {@link #channel}. */
    private final DirectSparseOutput direct;

    private RawWriter(RandomAccessFile raf, long size, DirectSparseOutput direct) {
        this.raf = raf;
        this.channel = raf.getChannel();
        this.size = size;
        this.cursor = new WriteCursor(size);
        this.direct = direct;
    }

    /** Creates or truncates {@code path} as an all-zero sparse file of {@code size} bytes. */
    public static RawWriter create(Path path, long size) throws IOException {
        return ImageTargets.open(path, size, raf -> new RawWriter(raf, size, DirectSparseOutput.open(path)));
    }

    @Override
    public String format() {
        return RawFormat.NAME;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        cursor.advance(offset, src.remaining());
        if (direct != null) {
            direct.write(offset, src);
        } else {
            FileWrites.writeFully(channel, offset, src);
        }
    }

    @Override
    public void zero(long offset, long length) {
        cursor.advance(offset, length);
    }

    @Override
    public void finish() throws IOException {
        cursor.finish();
        if (direct != null) {
            direct.finish(size);
        }
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        try (raf) {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
