package io.vmferry.reader;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link WriteStream} over a blocking {@link OutputStream} (stdout of a bpipe reader, a pipe, a file): one
 * platform thread does the blocking writes, at most {@code maxQueuedBytes} wait for it
 * ({@link #writeQueueFull()} beyond, the drain handler runs once half of it is written). {@link #end()} completes
 * after everything was written and flushed; the output stream is not closed. Writes come from one Vert.x context,
 * and a write's future completes there once its bytes were written out: until then the caller's buffer is in use.
 */
public final class OutputStreamSink implements WriteStream<Buffer> {
    private static final Queued END = new Queued(Buffer.buffer(), null);

    private record Queued(Buffer data, Promise<Void> written) {
    }

    private final OutputStream out;
    /** {@code out}'s channel when it has one (a file, a pipe): it writes direct memory without a copy. */
    private final WritableByteChannel channel;
    /** The writer thread's copy space for direct memory when {@code out} has no channel. */
    private final byte[] scratch = new byte[64 << 10];
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final Promise<Void> ended = Promise.promise();
    private volatile Context context;
    private final java.util.concurrent.atomic.AtomicReference<Handler<Void>> drainHandler =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Handler<Throwable> exceptionHandler;
    private volatile Throwable failure;

    /** A sink over {@code out}, queueing at most {@code maxQueuedBytes} ahead of the writer thread. */
    public OutputStreamSink(OutputStream out, long maxQueuedBytes) {
        this.out = out;
        this.channel = out instanceof FileOutputStream file ? file.getChannel() : null;
        this.maxQueuedBytes = maxQueuedBytes;
        Thread.ofPlatform().daemon().name("output-sink").start(this::drainLoop);
    }

    private void drainLoop() {
        Queued q = null;
        try {
            while (true) {
                q = queue.take();
                if (q == END) {
                    out.flush();
                    ended.tryComplete();
                    return;
                }
                writeOut(q.data());
                Promise<Void> written = q.written();
                run(written::tryComplete);
                if (queued.addAndGet(-q.data().length()) <= maxQueuedBytes / 2) {
                    fireDrain();
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (q != null && q.written() != null) {
                Promise<Void> written = q.written();
                run(() -> written.tryFail(e));
            }
            fail(e);
        }
    }

    /**
     * Writes {@code data} piece by piece from the memory behind it. Performance: a data frame is a
     * composite of its header and a slice of the read array (direct memory); {@code getBytes()} copied each 1 MiB
     * frame into a fresh array first.
     */
    private void writeOut(Buffer data) throws IOException {
        for (ByteBuffer piece : ((BufferInternal) data).getByteBuf().nioBuffers()) {
            if (piece.hasArray()) {
                out.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
            } else if (channel != null) {
                while (piece.hasRemaining()) {
                    channel.write(piece);
                }
            } else {
                while (piece.hasRemaining()) {
                    int n = Math.min(piece.remaining(), scratch.length);
                    piece.get(scratch, 0, n);
                    out.write(scratch, 0, n);
                }
            }
        }
    }

    /** Runs the drain handler once per registration. */
    private void fireDrain() {
        Handler<Void> h = drainHandler.getAndSet(null);
        if (h != null) {
            run(() -> h.handle(null));
        }
    }

    private void fail(Throwable e) {
        failure = e;
        ended.tryFail(e);
        for (Queued q; (q = queue.poll()) != null; ) {
            Promise<Void> w = q.written();
            if (w != null) {
                run(() -> w.tryFail(e));
            }
        }
        Handler<Throwable> h = exceptionHandler;
        if (h != null) {
            run(() -> h.handle(e));
        }
    }

    private void run(Runnable r) {
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> r.run());
        } else {
            r.run();
        }
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (context == null) {
            context = Vertx.currentContext();
        }
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        queued.addAndGet(data.length());
        Promise<Void> written = Promise.promise();
        queue.add(new Queued(data, written));
        return written.future();
    }

    @Override
    public Future<Void> end() {
        queue.add(END);
        return ended.future();
    }

    @Override
    public boolean writeQueueFull() {
        return queued.get() > maxQueuedBytes;
    }

    @Override
    public OutputStreamSink exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public OutputStreamSink setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public OutputStreamSink drainHandler(Handler<Void> handler) {
        drainHandler.set(handler);
        if (handler != null && queued.get() <= maxQueuedBytes / 2) {
            fireDrain();
        }
        return this;
    }
}
