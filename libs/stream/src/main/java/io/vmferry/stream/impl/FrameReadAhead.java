package io.vmferry.stream.impl;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes frames on a thread of its own, ahead of the consumer, up to a byte budget. Performance: a
 * restore verifies every frame (file read, CRC-32C, SHA-256: ~2 s per 2 GiB on one core) and writes the
 * image (page-cache copies) on the same thread; with the decoding moved here the two overlap on two cores.
 * Frames come out in order; a failure of the source comes out where it happened, as the same exception.
 * At least one frame is always allowed in flight, so a frame larger than the budget does not stall.
 */
public final class FrameReadAhead implements AutoCloseable {
    /** The decoding work: the next verified frame, or null at the verified end. */
    @FunctionalInterface
    public interface Source {
        ContentFrame next() throws IOException;
    }

    private static final Object END = new Object();
    private static final int MAX_FRAMES = 1024;
    private static final long JOIN_MS = 5_000;

    private record Failure(Throwable cause) {
    }

    private final Source source;
    private final long budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Thread thread;
    private long queuedBytes;
    private boolean closed;
    private boolean ended;

    private FrameReadAhead(Source source, long budget, String name) {
        this.source = source;
        this.budget = budget;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    /**
     * Starts decoding {@code source} on a thread named {@code name}, at most {@code budgetBytes} (positive, checked by
     * the caller, {@code StreamFileReader.readAhead}) of data ahead.
     */
    public static FrameReadAhead start(Source source, long budgetBytes, String name) {
        FrameReadAhead ahead = new FrameReadAhead(source, budgetBytes, name);
        ahead.thread.start();
        return ahead;
    }

    /** The next frame in order, or null at the end; rethrows what the source threw at that point. */
    public ContentFrame next() throws IOException {
        Object item;
        lock.lock();
        try {
            if (ended) {
                return null;
            }
            while (queue.isEmpty()) {
                changed.awaitUninterruptibly();
            }
            item = queue.poll();
            queuedBytes -= bytes(item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (item instanceof ContentFrame frame) {
            return frame;
        }
        ended = true;
        if (item instanceof Failure(Throwable cause)) {
            switch (cause) {
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(cause);
            }
        }
        return null;
    }

    /** Stops the decoding thread and waits for it (the source may then be closed safely). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt(); // a blocking file read gives up too
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            Object item;
            try {
                ContentFrame frame = source.next();
                item = frame == null ? END : frame;
            } catch (Throwable t) {
                item = new Failure(t instanceof InterruptedIOException || Thread.currentThread().isInterrupted()
                        ? new IOException("stream read stopped", t) : t);
            }
            if (!offer(item) || !(item instanceof ContentFrame)) {
                return;
            }
        }
    }

    /** Queues {@code item} once the budget allows; false when closed. */
    private boolean offer(Object item) {
        long size = bytes(item);
        lock.lock();
        try {
            while (!closed && !queue.isEmpty() && (queuedBytes + size > budget || queue.size() >= MAX_FRAMES)) {
                changed.awaitUninterruptibly();
            }
            if (closed) {
                return false;
            }
            queue.add(item);
            queuedBytes += size;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static long bytes(Object item) {
        return item instanceof DataFrame d ? d.length() : 0;
    }
}
