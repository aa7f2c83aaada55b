package io.vmferry.stream.impl;

import io.vmferry.stream.api.FrameType;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link ContentDigest} fed on another thread: each update is a task on {@code executor} that starts only after the
 * previous one finished, so the records enter the hash in the order they were given, one thread at a time. The
 * buffers handed in must stay unchanged until their update completed. Call from one thread.
 */
public final class SerialDigest {
    private final ContentDigest digest = new ContentDigest();
    private final Executor executor;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public SerialDigest(Executor executor) {
        this.executor = executor;
    }

    /** Queues one content frame (see {@link ContentDigest#update}); completes once it and all before it are hashed. */
    public CompletableFuture<Void> update(FrameType type, long offset, long length, Buffer data) {
        tail = tail.thenRunAsync(() -> digest.update(type, offset, length, data), executor);
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
