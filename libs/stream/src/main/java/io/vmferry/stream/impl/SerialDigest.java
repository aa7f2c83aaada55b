package io.vmferry.stream.impl;

import io.vmferry.stream.api.FrameType;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A {@link ContentDigest} fed through {@code executor}: each update is a task that starts only after the previous one
 * finished, so the records enter the hash in the order they were given, one thread at a time. The buffers handed in
 * must stay unchanged until their update completed. Call from one thread. With {@code Runnable::run} the caller
 * hashes each update itself and every future is complete when returned (a verifying decoder, an encoder).
 */
public final class SerialDigest {
    /** Where streams are hashed beside their reading and writing: a virtual thread per update. */
    public static final Executor VIRTUAL_THREADS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("stream-digest-", 0).factory());

    private record Queued(CompletableFuture<Void> hashed, long bytes) {
    }

    private final ContentDigest digest = new ContentDigest();
    private final Executor executor;
    /** 0: unbounded. */
    private final long maxQueuedBytes;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private long queuedBytes;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** A digest whose updates never wait (for event loops, which bound their frames in flight themselves). */
    public SerialDigest(Executor executor) {
        this(executor, 0);
    }

    /**
     * A digest whose {@link #update} blocks the caller while more than {@code maxQueuedBytes} (positive) of data wait
     * to be hashed, so a blocking reader faster than the hash does not pile up the whole stream in memory.
     */
    public SerialDigest(Executor executor, long maxQueuedBytes) {
        if (maxQueuedBytes < 0) {
            throw new IllegalArgumentException("maxQueuedBytes must not be negative");
        }
        this.executor = executor;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Queues one content frame (see {@link ContentDigest#update}); completes once it and all before it are hashed. */
    public CompletableFuture<Void> update(FrameType type, long offset, long length, Buffer data) {
        tail = tail.thenRunAsync(() -> digest.update(type, offset, length, data), executor);
        if (maxQueuedBytes > 0) {
            queued.add(new Queued(tail, data == null ? 0 : data.length()));
            queuedBytes += queued.peekLast().bytes();
            while (!queued.isEmpty() && (queuedBytes > maxQueuedBytes || queued.peek().hashed().isDone())) {
                Queued oldest = queued.poll();
                oldest.hashed().join();
                queuedBytes -= oldest.bytes();
            }
        }
        return tail;
    }

    /** Completes once everything queued so far is hashed. */
    public CompletableFuture<Void> drained() {
        return tail;
    }

    /** The digest's hex once everything queued so far is hashed; nothing may be queued afterwards. */
    public CompletableFuture<String> finishHex() {
        return tail.thenApplyAsync(v -> digest.finishHex(), executor);
    }
}
