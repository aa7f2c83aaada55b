package io.vmferry.stream.transport;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.transport.StreamReceiver;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test receiver: computes the content SHA-256 independently, straight from the definition in
 * docs/stream-format.md §5, completes every third data frame later (to exercise the in-flight
 * window) and records what it saw. One {@link #doneWithPayloads} completes every data frame later and checks, when
 * it does, that the frame's bytes are still the ones that arrived and that the sink gives their memory back then.
 */
final class RecordingReceiver implements StreamReceiver {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong dataBytes = new AtomicLong();
    final AtomicLong maxInFlightBytes = new AtomicLong();
    final AtomicReference<String> sha256 = new AtomicReference<>();
    final AtomicReference<Throwable> aborted = new AtomicReference<>();
    /** Data frames whose payload arrived in heap memory, i.e. copied out of the TLS handler's direct buffers. */
    final AtomicLong copiedPayloads = new AtomicLong();
    /** Data frames whose bytes changed before their future completed. */
    final AtomicLong changedInFlight = new AtomicLong();
    /** Data frames whose payload was not given back to the TLS handler's pool when their future completed. */
    final AtomicLong heldAfterCompletion = new AtomicLong();
    private final Vertx vertx;
    private final String failTrailerWith;
    private final boolean doneWithPayloads;
    private final MessageDigest digest;
    private long inFlight;

    RecordingReceiver(Vertx vertx, String failTrailerWith) {
        this(vertx, failTrailerWith, false);
    }

    RecordingReceiver(Vertx vertx, String failTrailerWith, boolean doneWithPayloads) {
        this.vertx = vertx;
        this.failTrailerWith = failTrailerWith;
        this.doneWithPayloads = doneWithPayloads;
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
            digest.update(ByteBuffer.allocate(17).put((byte) c.type().code()).putLong(c.offset()).putLong(c.length())
                    .flip());
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
        if (doneWithPayloads) {
            return checkedLater(d);
        }
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

    private Future<Void> checkedLater(DataFrame d) {
        ByteBuf payload = ((BufferInternal) d.stored()).unwrap();
        if (payload.hasArray()) {
            copiedPayloads.incrementAndGet();
        }
        int arrived = Arrays.hashCode(d.stored().getBytes());
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1 + d.sequence() % 3, t -> {
            if (Arrays.hashCode(d.stored().getBytes()) != arrived) {
                changedInFlight.incrementAndGet();
            }
            later.complete(); // the sink releases the payload as the future completes, on this thread
            if (payload.refCnt() != 0) {
                heldAfterCompletion.incrementAndGet();
            }
        });
        return later.future();
    }

    @Override
    public boolean keepsPayloads() {
        return !doneWithPayloads;
    }

    @Override
    public void onAbort(Throwable cause) {
        aborted.set(cause);
    }
}
