package io.vmferry.receiver;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.transport.StreamPeer;
import io.vmferry.stream.api.transport.StreamReceiver;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one incoming stream (one connection) to its replica. Frames arrive verified on the
 * connection's event loop; the file work runs on worker threads, chained so it happens in stream
 * order, and each frame's future completes once its bytes are written (the sink's back-pressure).
 * The trailer's future completes once the new replica is durable and in place: only then does the
 * sender get its ACK. A failed or aborted stream leaves the previous replica as it was.
 */
final class ReplicaReceiver implements StreamReceiver {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaReceiver.class);

    private final Vertx vertx;
    private final ReplicaStore store;
    private final StreamPeer peer;
    private final MeterRegistry metrics;
    private Future<Void> tail = Future.succeededFuture();
    private volatile ReplicaUpdate update;
    private String where = "-";

    ReplicaReceiver(Vertx vertx, ReplicaStore store, StreamPeer peer, MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.peer = peer;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> onFrame(StreamFrame frame) {
        return switch (frame) {
            case StreamHeader h -> header(h);
            case ContentFrame f -> tail = tail.compose(v -> work(() -> update.apply(f)));
            case StreamTrailer t -> trailer(t);
        };
    }

    /** Drops the working copy once the work in flight is done; the failure is counted after that. */
    @Override
    public void onAbort(Throwable cause) {
        LOGGER.warn("[{}] stream from {} failed, replica unchanged: {}", where, peer.subject(), cause.getMessage());
        tail.transform(ar -> work(() -> {
            ReplicaUpdate u = update;
            if (u != null) {
                store.abort(u);
            }
        })).onComplete(ar -> {
            if (ar.failed()) {
                LOGGER.warn("[{}] cannot remove the working copy: {}", where, ar.cause().getMessage());
            }
            count("failed", 0);
        });
    }

    private Future<Void> header(StreamHeader h) {
        where = h.jobId() + " " + h.vmKey() + " " + h.diskName();
        LOGGER.info("[{}] receiving {} stream{} from {}", where, h.level().label(),
                h.parentPointId() == null ? "" : " on point " + h.parentPointId(), peer.subject());
        tail = vertx.executeBlocking(() -> {
            update = store.begin(h);
            return null;
        }, false);
        return tail;
    }

    private Future<Void> trailer(StreamTrailer t) {
        tail = tail.compose(v -> vertx.executeBlocking(() -> store.commit(update, t), false)).map(applied -> {
            LOGGER.info("[{}] replica now at point {} ({} data bytes, sha256 {})", where, applied.point(),
                    t.counts().dataBytes(), applied.sha256());
            count("applied", t.counts().dataBytes());
            return null;
        });
        return tail;
    }

    private void count(String outcome, long bytes) {
        if (metrics != null) {
            metrics.counter("vmferry.receiver.streams", "outcome", outcome).increment();
            metrics.counter("vmferry.receiver.data.bytes").increment(bytes);
        }
    }

    private Future<Void> work(IoStep step) {
        Callable<Void> c = () -> {
            step.run();
            return null;
        };
        return vertx.executeBlocking(c, false);
    }

    /** A blocking file step. */
    @FunctionalInterface
    private interface IoStep {
        void run() throws Exception;
    }
}
