package io.vmferry.bridge.repo;

import io.vertx.core.Future;
import io.vmferry.bus.IoMessages;
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
 * Stores one incoming stream (one connection) into its session's point directory. Frames arrive
 * verified on the connection's event loop; the file work runs on worker threads, chained so it
 * happens in stream order, and each frame's future completes when its bytes are written (that is
 * the sink's back-pressure). The trailer's future completes once the file is durable and, for the
 * last disk of the point, once the point is committed: only then does the sender get its ACK.
 */
final class SessionReceiver implements StreamReceiver {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionReceiver.class);

    private final LocalDestination destination;
    private final StreamPeer peer;
    private PointSession session;
    private String disk;
    private volatile IncomingStream stream;
    private Future<Void> tail = Future.succeededFuture();
    private volatile Throwable ownFailure;
    private boolean landed;

    SessionReceiver(LocalDestination destination, StreamPeer peer) {
        this.destination = destination;
        this.peer = peer;
    }

    @Override
    public Future<Void> onFrame(StreamFrame frame) {
        return switch (frame) {
            case StreamHeader h -> header(h);
            case ContentFrame f -> content(f);
            case StreamTrailer t -> trailer(t);
        };
    }

    /** A frame's bytes are in the stream file (or its write failed) when its future completes. */
    @Override
    public boolean keepsPayloads() {
        return false;
    }

    @Override
    public void onAbort(Throwable cause) {
        if (session == null) {
            LOGGER.warn("stream from {} ({}) refused: {}", peer.address(), peer.subject(), cause.getMessage());
            return;
        }
        PointSession s = session;
        String why = "disk " + disk + ": " + IoMessages.of(ownFailure != null ? ownFailure : cause);
        tail.transform(ar -> destination.<Void>blocking(() -> {
            IncomingStream open = stream;
            if (open != null) {
                open.close();
            }
            return null;
        })).onComplete(ar -> {
            s.release(disk);
            if (landed) {
                LOGGER.warn("[{} {} {}] stream failed after it was stored (kept): {}", s.jobId, s.vmKey, disk, why);
            } else {
                destination.fail(s, why, false);
            }
        });
    }

    private Future<Void> header(StreamHeader h) {
        PointSession s = destination.find(h);
        s.claim(h);
        session = s;
        disk = h.diskName();
        LOGGER.info("[{} {} {}] receiving {} stream from {} into point {}", s.jobId, s.vmKey, disk,
                h.level().label(), peer.subject(), s.pointId());
        tail = work(() -> {
            stream = s.openStream(h, destination.storage());
            return null;
        });
        return tail;
    }

    private Future<Void> content(ContentFrame f) {
        if (session.state() != PointSession.State.OPEN) {
            return Future.failedFuture(new RepositoryException("the backup of " + session.vmKey + " point "
                    + session.pointId() + " failed: " + session.error()));
        }
        tail = tail.compose(v -> work(() -> {
            stream.append(f);
            return null;
        }));
        return tail;
    }

    private Future<Void> trailer(StreamTrailer t) {
        PointSession s = session;
        tail = tail.compose(v -> work(() -> s.commitStream(stream, t)))
                .compose(stored -> {
                    landed = true;
                    LOGGER.info("[{} {} {}] stored {} bytes ({} data), sha256 {}", s.jobId, s.vmKey, disk,
                            stored.bytes(), stored.dataBytes(), stored.sha256());
                    return destination.landed(s, stored);
                });
        return tail;
    }

    /** Runs file work on a worker, remembering its failure (the sink reports it wrapped) for the session's error. */
    private <T> Future<T> work(Callable<T> task) {
        return destination.blocking(() -> {
            try {
                return task.call();
            } catch (Exception e) {
                if (ownFailure == null) {
                    ownFailure = e;
                }
                throw e;
            }
        });
    }
}
