package io.vmferry.convert;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link BlockReader} whose every failure becomes a {@link ConvertException.Kind#BAD_SOURCE} with a
 * one-line message naming the source, so that a copy's errors can be told apart by side.
 */
final class GuardedReader implements BlockReader {
    private final BlockReader reader;
    private final String name;
    private final String[] aliases;

    GuardedReader(BlockReader reader, Path file) {
        this.reader = reader;
        this.name = file.toString();
        this.aliases = Messages.aliases(file);
    }

    @Override
    public String format() {
        return reader.format();
    }

    @Override
    public long size() {
        return reader.size();
    }

    @Override
    public boolean canExtents() {
        return reader.canExtents();
    }

    @Override
    public boolean sequentialOnly() {
        return reader.sequentialOnly();
    }

    @Override
    public List<Extent> extents(long offset, long length) throws IOException {
        try {
            return reader.extents(offset, length);
        } catch (IOException | RuntimeException e) {
            throw badSource(e);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        try {
            reader.read(offset, dst);
        } catch (IOException | RuntimeException e) {
            throw badSource(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private ConvertException badSource(Throwable e) {
        if (e instanceof ConvertException c) {
            return c;
        }
        return new ConvertException(ConvertException.Kind.BAD_SOURCE, Messages.prefixed(name, e, aliases), e);
    }
}
