package io.vmferry.stream.transport;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.transport.StreamReceiver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test receiver: computes the content SHA-256 independently, straight from the definition in
 * docs/stream-format.md §5, completes every third data frame later (to exercise the in-flight
 * window) and records what it saw.
 */
final class RecordingReceiver implements StreamReceiver {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong dataBytes = new AtomicLong();
    final AtomicLong maxInFlightBytes = new AtomicLong();
    final AtomicReference<String> sha256 = new AtomicReference<>();
    final AtomicReference<Throwable> aborted = new AtomicReference<>();
    private final Vertx vertx;
    private final String failTrailerWith;
    private final MessageDigest digest;
    private long inFlight;

    RecordingReceiver(Vertx vertx, String failTrailerWith) {
        this.vertx = vertx;
        this.failTrailerWith = failTrailerWith;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Future<Void> onFrame(StreamFrame frame) {
        frames.incrementAndGet();
        if (frame instanceof ContentFrame c) {
            digest.update(ByteBuffer.allocate(17).put((byte) c.type().code()).putLong(c.offset()).putLong(c.length()).flip());
        }
        if (frame instanceof StreamTrailer) {
            sha256.set(HexFormat.of().formatHex(digest.digest()));
            return failTrailerWith == null ? Future.succeededFuture() : Future.failedFuture(failTrailerWith);
        }
        if (!(frame instanceof DataFrame d)) {
            return Future.succeededFuture();
        }
        Buffer data = d.data();
        digest.update(data.getBytes());
        dataBytes.addAndGet(d.length());
        if (d.sequence() % 3 != 0) {
            return Future.succeededFuture();
        }
        inFlight += d.length();
        maxInFlightBytes.accumulateAndGet(inFlight, Math::max);
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1, t -> {
            inFlight -= d.length();
            later.complete();
        });
        return later.future();
    }

    @Override
    public void onAbort(Throwable cause) {
        aborted.set(cause);
    }
}
