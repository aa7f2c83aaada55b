package io.vmferry.bridge.repo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.IoMessages;
import io.vmferry.bus.events.PointStored;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.transport.StreamPeer;
import io.vmferry.stream.api.transport.StreamReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local repository as a backup destination: one session per VM between {@code snapshots.ready}
 * and {@code points.stored}. {@link #open} plans the point ({@link LevelPlan}) and registers the
 * disks it expects; the stream sink hands each authenticated connection to {@link #receiver}, which
 * accepts only streams of registered sessions; when every disk landed the point is committed to
 * the repository and the listener hears {@code ok=true}. Any failure (a stream error, a checksum
 * mismatch, the reader's failure, a full disk, the timeout) deletes the point's directory and the
 * listener hears {@code ok=false} with a one-line error. Blocking work runs on Vert.x workers.
 */
public final class LocalDestination {
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalDestination.class);

    /** Hears the outcome of every session exactly once. */
    @FunctionalInterface
    public interface Listener {
        /** The point {@code snapshot} announced for {@code vmKey} was stored ({@code result.ok()}) or given up. */
        void pointStored(String jobId, String vmKey, SnapshotReady snapshot, PointStored result);
    }

    private final Vertx vertx;
    private final LocalRepository repo;
    private final EncoderOptions storage;
    private final Duration timeout;
    private final Listener listener;
    private final Map<String, PointSession> sessions = new ConcurrentHashMap<>();

    /**
     * A destination storing into {@code repo}, with {@code storage} compression, giving up on a
     * session after {@code timeout}.
     */
    public LocalDestination(Vertx vertx, LocalRepository repo, EncoderOptions storage, Duration timeout,
                            Listener listener) {
        this.vertx = vertx;
        this.repo = repo;
        this.storage = storage;
        this.timeout = timeout;
        this.listener = listener;
    }

    /**
     * Registers the point {@code ready} announces for {@code vmKey}; {@code jobId} is the job id the
     * streams' headers must carry. Completes with the level plan to request the extents with; fails
     * (and registers nothing) for a malformed snapshot, a VM with a session already, or a point id
     * the repository already has.
     */
    public Future<LevelPlan> open(String jobId, String vmKey, SnapshotReady ready) {
        try {
            RepositoryLayout.requireVmKey(vmKey);
            RepositoryLayout.requireName("checkpoint", ready.checkpoint());
            if (ready.time() == null || ready.level() == null || ready.disks() == null || ready.disks().isEmpty()) {
                throw new IllegalArgumentException("snapshot " + ready.checkpoint() + " lacks its time, level or disks");
            }
            ready.disks().forEach(d -> RepositoryLayout.requireName("disk name", d.name()));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        PointSession busy = sessions.get(vmKey);
        if (busy != null) {
            return Future.failedFuture(busyError(busy));
        }
        List<String> disks = ready.disks().stream().map(SnapshotDisk::name).toList();
        return blocking(() -> {
            if (repo.contains(vmKey, ready.checkpoint())) {
                throw new RepositoryException("point " + ready.checkpoint() + " of " + vmKey + " is already stored");
            }
            AtomicFiles.deleteTree(repo.layout().pointDir(vmKey, ready.checkpoint()));
            return LevelPlan.decide(repo, vmKey, ready.level(), ready.levelReason(), ready.since(), disks);
        }).compose(plan -> {
            PointSession s = new PointSession(jobId, vmKey, ready, plan, repo.layout().pointDir(vmKey, ready.checkpoint()));
            PointSession other = sessions.putIfAbsent(vmKey, s);
            if (other != null) {
                return Future.failedFuture(busyError(other));
            }
            s.timer = vertx.setTimer(timeout.toMillis(), t -> fail(s, "timed out after " + timeout.toSeconds()
                    + " s waiting for disks " + String.join(", ", s.missing()), false));
            LOGGER.info("[{} {}] expecting point {} ({}{}), disks {}", jobId, vmKey, ready.checkpoint(), plan.level(),
                    plan.parent() == null ? "" : " on " + plan.parent(), disks);
            return Future.succeededFuture(plan);
        });
    }

    /**
     * The reader is done with {@code checkpoint}: on failure the session is given up; on success
     * a session still waiting for disks is given up too (they will not come).
     */
    public void completed(String vmKey, String checkpoint, boolean ok, String error) {
        PointSession s = session(vmKey, checkpoint);
        if (s == null) {
            return;
        }
        if (!ok) {
            fail(s, "reading the disks failed: " + error, false);
        } else if (s.state() == PointSession.State.OPEN) {
            fail(s, "the reader finished but disks " + String.join(", ", s.missing()) + " never arrived", false);
        }
    }

    /** Gives up the session of {@code checkpoint} (unless it is already committing) because of {@code why}. */
    public void abort(String vmKey, String checkpoint, String why) {
        PointSession s = session(vmKey, checkpoint);
        if (s != null) {
            fail(s, why, false);
        }
    }

    /** The receiver for one authenticated stream connection (the sink's receiver factory). */
    public StreamReceiver receiver(StreamPeer peer) {
        return new SessionReceiver(this, peer);
    }

    /** Number of sessions waiting for streams or committing. */
    public int sessions() {
        return sessions.size();
    }

    /**
     * Gives up every session still waiting for streams (their directories are deleted and the
     * listener hears it) and completes when every session, committing ones included, has ended.
     */
    public Future<Void> close() {
        List<Future<Void>> all = new ArrayList<>();
        for (PointSession s : sessions.values()) {
            fail(s, "the bridge service stopped", false);
            all.add(s.ended.future());
        }
        return Future.join(all).mapEmpty();
    }

    /** The session a stream header belongs to, or a one-line refusal. */
    PointSession find(StreamHeader h) {
        PointSession s = sessions.get(h.vmKey());
        if (s == null || !s.jobId.equals(h.jobId())) {
            throw new RepositoryException("no backup expects a stream of " + h.vmKey() + " disk " + h.diskName()
                    + " from job " + h.jobId());
        }
        return s;
    }

    EncoderOptions storage() {
        return storage;
    }

    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    /** A stream of {@code s} landed; for the last one, completes when the point is committed. */
    Future<Void> landed(PointSession s, StoredStream stored) {
        if (!s.land(stored)) {
            return Future.succeededFuture();
        }
        vertx.cancelTimer(s.timer);
        Point point = s.point();
        return this.<Void>blocking(() -> {
            repo.commit(point, s.snapshot.vmConfig());
            return null;
        }).transform(ar -> {
            if (ar.failed()) {
                String why = "cannot commit point " + point.id() + " of " + s.vmKey + ": " + IoMessages.of(ar.cause());
                return fail(s, why, true).compose(v -> Future.failedFuture(new RepositoryException(why, ar.cause())));
            }
            s.done();
            LOGGER.info("[{} {}] point {} stored: {} {} bytes", s.jobId, s.vmKey, point.id(), point.level(), point.bytes());
            end(s, new PointStored(point.id(), true, null, point.id(), point.level(), point.levelReason(),
                    point.parent(), s.results()));
            return Future.succeededFuture();
        });
    }

    /** Gives up {@code s}: deletes its directory, then tells the listener. Completes when both are done. */
    Future<Void> fail(PointSession s, String why, boolean evenIfCommitting) {
        if (!s.fail(why, evenIfCommitting)) {
            return Future.succeededFuture();
        }
        vertx.cancelTimer(s.timer);
        LOGGER.warn("[{} {}] point {} not stored: {}", s.jobId, s.vmKey, s.pointId(), why);
        return this.<Void>blocking(() -> {
            s.deleteFiles();
            return null;
        }).transform(ar -> {
            if (ar.failed()) {
                LOGGER.error("[{} {}] cannot delete {}: {}", s.jobId, s.vmKey, s.dir, IoMessages.of(ar.cause()));
            }
            end(s, new PointStored(s.pointId(), false, why, null, s.plan.level(), s.plan.levelReason(),
                    s.plan.parent(), s.results()));
            return Future.succeededFuture();
        });
    }

    /** Removes the ended session {@code s}, tells the listener, then completes {@code s.ended}. */
    private void end(PointSession s, PointStored result) {
        sessions.remove(s.vmKey, s);
        try {
            listener.pointStored(s.jobId, s.vmKey, s.snapshot, result);
        } catch (RuntimeException e) {
            LOGGER.error("[{} {}] points.stored listener failed", s.jobId, s.vmKey, e);
        }
        s.ended.tryComplete();
    }

    private PointSession session(String vmKey, String checkpoint) {
        PointSession s = vmKey == null ? null : sessions.get(vmKey);
        return s != null && s.pointId().equals(checkpoint) ? s : null;
    }

    private static RepositoryException busyError(PointSession s) {
        return new RepositoryException("a backup of " + s.vmKey + " is already being stored (point " + s.pointId()
                + ", job " + s.jobId + ")");
    }
}
