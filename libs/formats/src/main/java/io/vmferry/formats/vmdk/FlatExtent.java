package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A {@code FLAT}/{@code VMFS} extent: raw bytes at a sector offset of a plain file; all of it is data. */
final class FlatExtent implements ExtentSource {
    private final String name;
    private final FileChannel channel;
    private final long base;
    private final long length;

    private FlatExtent(String name, FileChannel channel, long base, long length) {
        this.name = name;
        this.channel = channel;
        this.base = base;
        this.length = length;
    }

    /** Opens {@code path}, checking that it holds {@code sectors} sectors from sector {@code offset}. */
    static FlatExtent open(Path path, long offset, long sectors) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String name = path.getFileName().toString();
            VmdkLimits.checkRange(name, "flat extent", offset, sectors, ch.size());
            return new FlatExtent(name, ch, offset * VmdkLimits.SECTOR, sectors * VmdkLimits.SECTOR);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Run run(long offset, long max) {
        return new Run(ExtentType.DATA, Math.min(max, length - offset));
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        readFully(channel, name, base + offset, dst);
    }

    /** Positional read of all of {@code dst}; a short file is a {@link FormatException}. */
    static void readFully(FileChannel ch, String name, long pos, ByteBuffer dst) throws IOException {
        long p = pos;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, p);
            if (n < 0) {
                throw new FormatException(name + ": unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
