package io.vmferry.stream.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Encodes a whole stream from a {@link FrameSource} into a {@link WriteStream} with back-pressure:
 * it pulls the next extent only while {@code writeQueueFull()} is false, waits for the
 * {@code drainHandler} otherwise, and gives the event loop back every {@link #YIELD_BYTES} so a fast
 * source cannot hold one event-loop turn for seconds. With an encoder that hashes off-thread, an extent is reported
 * {@link FrameSource#written written} once it is on its way and hashed, and the trailer waits for the digest.
 * The destination is not ended. All work runs on {@code context}; call {@link #run()} from it.
 */
public final class FramePump {
    /** Bytes written per event-loop turn before the pump yields. */
    public static final int YIELD_BYTES = 1 << 20;

    private final Context context;
    private final StreamEncoder encoder;
    private final FrameSource source;
    private final WriteStream<Buffer> out;
    private final Promise<StreamTrailer> result = Promise.promise();
    private long sinceYield;
    private boolean waiting;

    /** A pump for one stream; nothing happens before {@link #run()}. */
    public FramePump(Context context, StreamEncoder encoder, FrameSource source, WriteStream<Buffer> out) {
        this.context = context;
        this.encoder = encoder;
        this.source = source;
        this.out = out;
    }

    /** Starts pumping; the future completes with the trailer once it was handed to the destination. */
    public Future<StreamTrailer> run() {
        write(encoder.start());
        loop();
        return result.future();
    }

    /** Stops pumping (the source is not asked again) and fails the result with {@code cause}. */
    public void cancel(Throwable cause) {
        result.tryFail(cause);
    }

    private void loop() {
        while (!result.future().isComplete() && !waiting) {
            if (out.writeQueueFull()) {
                waiting = true;
                out.drainHandler(v -> resume());
                return;
            }
            if (sinceYield >= YIELD_BYTES) {
                sinceYield = 0;
                waiting = true;
                context.runOnContext(v -> resume());
                return;
            }
            Future<StreamExtent> next = source.next();
            if (!next.isComplete()) {
                waiting = true;
                next.onComplete(ar -> {
                    waiting = false;
                    if (accept(ar.succeeded() ? ar.result() : null, ar.cause())) {
                        loop();
                    }
                });
                return;
            }
            if (!accept(next.result(), next.cause())) {
                return;
            }
        }
    }

    private void resume() {
        waiting = false;
        loop();
    }

    /** Writes what the source produced; false when the pump is finished or failed. */
    private boolean accept(StreamExtent extent, Throwable failure) {
        if (result.future().isComplete()) {
            return false;
        }
        try {
            if (failure != null) {
                result.tryFail(failure);
                return false;
            }
            if (extent == null) {
                if (encoder.hashesOffThread()) {
                    Future.fromCompletionStage(encoder.digest(), context).onComplete(ar -> finish(ar.result(),
                            ar.cause()));
                } else {
                    finish(null, null);
                }
                return false;
            }
            Future<Void> written = write(encoder.append(extent));
            if (encoder.hashesOffThread()) {
                // the source may reuse the extent's memory once it is written: wait for its hash as well
                written = Future.all(written, Future.fromCompletionStage(encoder.hashed(), context)).mapEmpty();
            }
            written.onComplete(ar -> source.written(extent));
            return true;
        } catch (RuntimeException e) {
            result.tryFail(e);
            return false;
        }
    }

    /** Writes the trailer ({@code sha256}: the digest computed off-thread, else null) and completes the result. */
    private void finish(String sha256, Throwable digestFailure) {
        if (result.future().isComplete()) {
            return;
        }
        if (digestFailure != null) {
            result.tryFail(digestFailure);
            return;
        }
        try {
            write(sha256 == null ? encoder.finish() : encoder.finish(sha256));
            result.tryComplete(encoder.trailer());
        } catch (RuntimeException e) {
            result.tryFail(e);
        }
    }

    private Future<Void> write(Buffer bytes) {
        sinceYield += bytes.length();
        return out.write(bytes).onFailure(result::tryFail);
    }
}
