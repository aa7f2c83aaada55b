package io.vmferry.formats.api;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link BlockWriter} that passes everything to another; decorators override what they add to. */
public abstract class ForwardingWriter implements BlockWriter {
    /** The writer everything goes to. */
    protected final BlockWriter writer;

    protected ForwardingWriter(BlockWriter writer) {
        this.writer = writer;
    }

    @Override
    public String format() {
        return writer.format();
    }

    @Override
    public long size() {
        return writer.size();
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        writer.write(offset, src);
    }

    @Override
    public void zero(long offset, long length) throws IOException {
        writer.zero(offset, length);
    }

    @Override
    public void finish() throws IOException {
        writer.finish();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
