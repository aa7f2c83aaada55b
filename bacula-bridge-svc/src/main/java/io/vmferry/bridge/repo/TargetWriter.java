package io.vmferry.bridge.repo;

import io.vmferry.bus.IoMessages;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.ForwardingWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The restore's image writer, whose bare I/O failures name the target the user gave: the channel says only "No space
 * left on device", which does not tell which file system filled up. Failures that already name their subject pass
 * unchanged.
 */
final class TargetWriter extends ForwardingWriter {
    private final Path target;

    TargetWriter(Path target, BlockWriter writer) {
        super(writer);
        this.target = target;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        try {
            super.write(offset, src);
        } catch (IOException e) {
            throw IoMessages.naming(target, e);
        }
    }

    @Override
    public void zero(long offset, long length) throws IOException {
        try {
            super.zero(offset, length);
        } catch (IOException e) {
            throw IoMessages.naming(target, e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            super.finish();
        } catch (IOException e) {
            throw IoMessages.naming(target, e);
        }
    }
}
