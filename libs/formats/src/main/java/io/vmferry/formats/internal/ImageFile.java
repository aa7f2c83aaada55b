package io.vmferry.formats.internal;

import io.vmferry.formats.api.FormatException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only image file with bounds-checked positional reads. Every read that would leave the
 * file fails with a {@link FormatException} naming the file, so parsers never see short buffers.
 */
public final class ImageFile implements Closeable {
    /** Largest single metadata read a parser may ask for (tables are paged, never read whole). */
    public static final int MAX_METADATA_READ = 64 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private ImageFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    /** Opens {@code path} read-only. */
    public static ImageFile open(Path path) throws IOException {
        return new ImageFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    /** A {@link FormatException} whose message is {@code "<file>: <reason>"}. */
    public FormatException error(String reason) {
        return new FormatException(path + ": " + reason);
    }

    /** Checks that {@code [offset, offset + length)} lies inside the file. */
    public void checkRange(long offset, long length, String what) throws FormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw error(what + " at offset " + offset + " length " + length
                    + " is outside the file (size " + size + ")");
        }
    }

    /** Reads {@code length} bytes at {@code offset} into a new buffer of the given byte order. */
    public ByteBuffer read(long offset, int length, ByteOrder order, String what) throws IOException {
        if (length < 0 || length > MAX_METADATA_READ) {
            throw error(what + " length " + length + " is out of range");
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(order);
        readFully(offset, buf, what);
        return buf.flip();
    }

    /** Fills {@code dst} from {@code offset}; the range must lie inside the file. */
    public void readFully(long offset, ByteBuffer dst, String what) throws IOException {
        checkRange(offset, dst.remaining(), what);
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw error(what + " at offset " + pos + ": unexpected end of file");
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
