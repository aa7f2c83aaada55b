package io.vmferry.convert;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.Copier;
import io.vmferry.formats.api.CopyStats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link Copier} split over two threads: a reader thread runs the copier (extents, reads, zero
 * detection), reading each chunk straight into one of {@value #DEPTH} pooled direct buffers
 * ({@link Copier.ChunkBuffers}), and queues the ranges as slices of it, without copying; the calling
 * thread writes them in the same ascending order and returns the buffer to the pool after its last
 * range. Reading and writing (deflate for streamOptimized VMDK, table updates, syscalls) then
 * overlap. Memory stays bounded: {@code DEPTH} buffers of {@link Copier#DEFAULT_BUFFER_SIZE}.
 */
final class PipelinedCopier {
    static final int DEPTH = 4;
    private static final Op END = new Op(-1, -1, null);

    /** A range to write ({@code data} set), to zero ({@code data} null), or a buffer to give back (offset -1). */
    private record Op(long offset, long length, ByteBuffer data) {
        static Op release(ByteBuffer buffer) {
            return new Op(-1, 0, buffer);
        }
    }

    private final Copier copier = new Copier();

    /** Copies {@code src} into {@code dst} and finishes {@code dst}; neither is closed. */
    CopyStats copy(BlockReader src, BlockWriter dst) throws IOException {
        BlockingQueue<Op> ops = new ArrayBlockingQueue<>(4 * DEPTH);
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            free.add(ByteBuffer.allocateDirect(Copier.DEFAULT_BUFFER_SIZE));
        }
        QueueWriter queue = new QueueWriter(dst.size(), ops, free);
        Producer producer = new Producer(src, queue);
        Thread reader = Thread.ofPlatform().name("vmferry-convert-read").daemon().start(producer);
        boolean drained = false;
        try {
            drain(ops, free, dst);
            drained = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("conversion interrupted");
        } finally {
            if (!drained) {
                queue.abandoned = true;
                reader.interrupt();
            }
            joinUninterruptibly(reader);
        }
        if (producer.failure != null) {
            throw producer.failure;
        }
        dst.finish();
        return producer.stats;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(BlockingQueue<Op> ops, BlockingQueue<ByteBuffer> free, BlockWriter dst)
            throws IOException, InterruptedException {
        while (true) {
            Op op = ops.take();
            if (op == END) {
                return;
            }
            if (op.data == null) {
                dst.zero(op.offset, op.length);
            } else if (op.offset < 0) {
                free.put(op.data.clear());
            } else {
                dst.write(op.offset, op.data);
            }
        }
    }

    /** Runs the copier on the reader thread; always ends the queue. */
    private final class Producer implements Runnable {
        private final BlockReader src;
        private final QueueWriter sink;
        volatile CopyStats stats;
        volatile IOException failure;

        Producer(BlockReader src, QueueWriter sink) {
            this.src = src;
            this.sink = sink;
        }

        @Override
        public void run() {
            try {
                stats = copier.copy(src, sink, sink);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.getMessage(), e);
            } finally {
                sink.end();
            }
        }
    }

    /**
     * The copier's view of the target and its source of buffers: queues every range, a slice of a
     * pooled buffer, for the writing thread, and then the buffer itself to be given back.
     */
    private static final class QueueWriter implements BlockWriter, Copier.ChunkBuffers {
        private final long size;
        private final BlockingQueue<Op> ops;
        private final BlockingQueue<ByteBuffer> free;
        /** Set when the writing thread stopped early: nobody takes from the queue any more. */
        volatile boolean abandoned;

        QueueWriter(long size, BlockingQueue<Op> ops, BlockingQueue<ByteBuffer> free) {
            this.size = size;
            this.ops = ops;
            this.free = free;
        }

        @Override
        public String format() {
            return "queue";
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ByteBuffer take() throws IOException {
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("conversion stopped");
            }
        }

        @Override
        public void handedOver(ByteBuffer buffer) throws IOException {
            put(Op.release(buffer));
        }

        /** {@code src} is a slice of a buffer from {@link #take}: the writing thread writes it in place. */
        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            put(new Op(offset, src.remaining(), src.slice()));
            src.position(src.limit());
        }

        @Override
        public void zero(long offset, long length) throws IOException {
            put(new Op(offset, length, null));
        }

        @Override
        public void finish() {
            // the writing thread finishes the real writer after END
        }

        @Override
        public void close() {
        }

        /** Queues END, or gives up once the writing thread is gone. */
        void end() {
            try {
                while (!abandoned && !ops.offer(END, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // the writing thread is busy with a full queue
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void put(Op op) throws IOException {
            try {
                ops.put(op);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("conversion stopped");
            }
        }
    }
}
