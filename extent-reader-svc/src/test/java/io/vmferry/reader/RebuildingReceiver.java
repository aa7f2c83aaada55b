package io.vmferry.reader;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.transport.StreamReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test sink receiver: applies the stream to a raw image (a new sparse file for a full stream, an
 * existing copy of the previous state for an incremental one: data written, zero ranges zeroed,
 * holes left alone) and records every frame's type and range. Data frames can be completed late
 * to slow the sink down.
 */
final class RebuildingReceiver implements StreamReceiver {
    /** A content frame as seen by the sink. */
    record Seen(FrameType type, long offset, long length) {
    }

    final List<Seen> frames = new CopyOnWriteArrayList<>();
    final AtomicReference<StreamHeader> header = new AtomicReference<>();
    final AtomicReference<String> sha256 = new AtomicReference<>();
    final AtomicReference<Throwable> aborted = new AtomicReference<>();
    private final Vertx vertx;
    private final Path target;
    private final long dataDelayMs;
    private FileChannel file;

    RebuildingReceiver(Vertx vertx, Path target, long dataDelayMs) {
        this.vertx = vertx;
        this.target = target;
        this.dataDelayMs = dataDelayMs;
    }

    @Override
    public Future<Void> onFrame(StreamFrame frame) {
        try {
            switch (frame) {
                case StreamHeader h -> open(h);
                case DataFrame d -> {
                    record(d);
                    if (target != null) {
                        file.write(ByteBuffer.wrap(d.data().getBytes()), d.offset());
                    }
                    return delayed();
                }
                case ContentFrame c -> {
                    record(c);
                    if (c.type() == FrameType.ZERO && target != null) {
                        zero(c.offset(), c.length());
                    }
                }
                case StreamTrailer t -> {
                    sha256.set(t.sha256());
                    if (file != null) {
                        file.close();
                    }
                }
            }
            return Future.succeededFuture();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Future<Void> delayed() {
        if (dataDelayMs <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(dataDelayMs, id -> p.complete());
        return p.future();
    }

    private void record(ContentFrame c) {
        frames.add(new Seen(c.type(), c.offset(), c.length()));
    }

    private void open(StreamHeader h) throws IOException {
        header.set(h);
        if (target == null) {
            return;
        }
        boolean fresh = !Files.exists(target);
        file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (fresh) {
            file.truncate(0);
            file.write(ByteBuffer.wrap(new byte[1]), h.virtualSize() - 1);
        }
    }

    private void zero(long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long pos = offset; pos < offset + length; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), offset + length - pos));
            pos += file.write(zeros, pos);
        }
    }

    @Override
    public void onAbort(Throwable cause) {
        aborted.set(cause);
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // test cleanup
        }
    }

    /** Merged ranges of the frames of one type. */
    List<Range> ranges(FrameType type) {
        List<Range> out = new java.util.ArrayList<>();
        frames.stream().filter(f -> f.type() == type).forEach(f -> Range.add(out, f.offset(), f.length()));
        return out;
    }

    /** Merged ranges of all content frames. */
    List<Range> covered() {
        List<Range> out = new java.util.ArrayList<>();
        frames.forEach(f -> Range.add(out, f.offset(), f.length()));
        return out;
    }
}
