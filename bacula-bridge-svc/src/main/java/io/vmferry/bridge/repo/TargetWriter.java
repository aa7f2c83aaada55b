package io.vmferry.bridge.repo;

import io.vmferry.formats.api.BlockWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The restore's image writer, whose bare I/O failures name the target the user gave: the channel says only "No space
 * left on device", which does not tell which file system filled up. Failures that already name their subject pass
 * unchanged.
 */
final class TargetWriter implements BlockWriter {
    private final Path path;
    private final BlockWriter inner;

    TargetWriter(Path path, BlockWriter inner) {
        this.path = path;
        this.inner = inner;
    }

    @Override
    public String format() {
        return inner.format();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        try {
            inner.write(offset, src);
        } catch (IOException e) {
            throw naming(e);
        }
    }

    @Override
    public void zero(long offset, long length) throws IOException {
        try {
            inner.zero(offset, length);
        } catch (IOException e) {
            throw naming(e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            inner.finish();
        } catch (IOException e) {
            throw naming(e);
        }
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    private IOException naming(IOException e) {
        if (e.getClass() != IOException.class) { // FileSystemException, FormatException, ...: named already
            return e;
        }
        return (IOException) new FileSystemException(path.toString(), null, e.getMessage()).initCause(e);
    }
}
