package io.vmferry.convert;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.ForwardingWriter;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link BlockWriter} that reports progress (the end of the last range handed over) at most every
 * {@value #REPORT_EVERY} bytes, and whose failures become {@link ConvertException.Kind#TARGET_FAILED}
 * naming the target.
 */
final class GuardedWriter extends ForwardingWriter {
    static final long REPORT_EVERY = 16L << 20;

    private final String name;
    private final ProgressListener progress;
    private long reported;

    GuardedWriter(BlockWriter writer, String name, ProgressListener progress) {
        super(writer);
        this.name = name;
        this.progress = progress;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        long end = offset + src.remaining();
        try {
            writer.write(offset, src);
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
        advance(end);
    }

    @Override
    public void zero(long offset, long length) throws IOException {
        try {
            writer.zero(offset, length);
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
        advance(offset + length);
    }

    @Override
    public void finish() throws IOException {
        try {
            writer.finish();
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
        progress.progress(writer.size(), writer.size());
    }

    private void advance(long end) {
        if (end - reported >= REPORT_EVERY) {
            reported = end;
            progress.progress(end, writer.size());
        }
    }

    private ConvertException failed(Throwable e) {
        if (e instanceof ConvertException c) {
            return c;
        }
        return new ConvertException(ConvertException.Kind.TARGET_FAILED, Messages.prefixed(name, e), e);
    }
}
