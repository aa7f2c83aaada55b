package io.vmferry.snapshot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.PointStored;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotReleased;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.SubscribingService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns point-in-time snapshots: takes one per {@code snapshots.requested} (refusing a second job on
 * a busy VM), announces {@code snapshots.ready}, and releases it when the destination stored the
 * point ({@code points.stored}), the reader failed ({@code extents.completed} not ok) or the job
 * timed out; then reports the VM's {@code jobs.finished}.
 */
public final class SnapshotService extends SubscribingService {
    private static final Logger LOGGER = LoggerFactory.getLogger(SnapshotService.class);
    public static final int DEFAULT_HTTP_PORT = 9472;

    /** How often a running service looks for snapshots whose holder process died (a killed Bacula job's holder). */
    public static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final SnapshotFaults faults;
    private final Duration sweepEvery;
    private final Map<String, ActiveSnapshot> active = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long sweepTimer = -1;

    public SnapshotService() {
        this(SnapshotFaults.NONE);
    }

    /** A service with failure injection (tests). */
    public SnapshotService(SnapshotFaults faults) {
        this(faults, SWEEP_EVERY);
    }

    /** A service with failure injection that looks for dead holders every {@code sweepEvery} (tests). */
    public SnapshotService(SnapshotFaults faults, Duration sweepEvery) {
        super("snapshot", DEFAULT_HTTP_PORT, EventType.SNAPSHOTS_REQUESTED, EventType.EXTENTS_COMPLETED,
                EventType.POINTS_STORED);
        this.faults = faults;
        this.sweepEvery = sweepEvery;
    }

    public static void main(String[] args) {
        ServiceMain.run(new SnapshotService(), args);
    }

    /**
     * Before taking requests: releases what runs killed while holding a snapshot left in QEMU, and finishes their jobs
     * as failed (whoever follows the job on the bus would otherwise wait for an answer that never comes). Then again
     * every {@link #SWEEP_EVERY} while the service runs: a holder of this node that dies meanwhile (a Bacula job's
     * holder, another instance) would otherwise leave a running VM's fleecing in place, every guest write copied into
     * an overlay that nothing watches any more, until the VM's next backup.
     */
    @Override
    protected Future<Void> open(ServiceContext context) {
        return sweep(context).onComplete(v -> sweepTimer = context.vertx().setPeriodic(sweepEvery.toMillis(),
                id -> sweep(context)));
    }

    private Future<Void> sweep(ServiceContext context) {
        if (!sweeping.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return onVirtualThread(() -> OrphanSweep.run(context.vertx(), context.config().hypervisor()))
                .<Void>transform(ar -> {
                    if (ar.failed()) {
                        LOGGER.warn("looking for snapshots of killed runs failed: {}", Quiescer.message(ar.cause()));
                        return Future.succeededFuture();
                    }
                    List<Future<?>> finished = new ArrayList<>();
                    for (HolderFile h : ar.result()) {
                        if (h.jobId() != null) { // null: a snapshot held without the bus (Bacula)
                            finished.add(context.publisher().publish(EventType.JOBS_FINISHED, h.jobId(), h.vmKey(),
                                    JobFinished.failed("the process that held snapshot " + h.checkpoint() + " (PID "
                                            + h.owner().pid() + ") ended without releasing it; released by the"
                                            + " snapshot service, its changes kept for the next incremental")));
                        }
                    }
                    return Future.join(finished).<Void>mapEmpty().otherwiseEmpty();
                })
                .onComplete(v -> sweeping.set(false));
    }

    @Override
    protected Future<?> onEvent(Envelope e) {
        switch (EventType.ofType(e.type())) {
            case SNAPSHOTS_REQUESTED -> {
                return onRequest(e, e.payloadAs(SnapshotRequest.class));
            }
            case EXTENTS_COMPLETED -> {
                ExtentsCompleted c = e.payloadAs(ExtentsCompleted.class);
                if (!c.ok()) {
                    finish(e.vmKey(), c.checkpoint(), false, "reading the disks failed: " + c.error(), null);
                }
                return Future.succeededFuture();
            }
            case POINTS_STORED -> {
                PointStored p = e.payloadAs(PointStored.class);
                finish(e.vmKey(), p.checkpoint(), p.ok(), p.ok() ? null : "storing the point failed: " + p.error(), p);
                return Future.succeededFuture();
            }
            default -> {
                return Future.succeededFuture();
            }
        }
    }

    private Future<?> onRequest(Envelope e, SnapshotRequest req) {
        String vmKey = req.vm().key();
        String checkpoint = Names.checkpoint(Instant.now());
        Snapshot session = req.vm().running()
                ? new FleeceSession(ctx().vertx(), ctx().config().hypervisor(), req.vm(), req.destination(), checkpoint,
                        e.jobId(), faults)
                : new OfflineSession(ctx().config().hypervisor(), req.vm(), req.destination(), checkpoint,
                        e.jobId());
        ActiveSnapshot a = new ActiveSnapshot(e.jobId(), vmKey, session);
        ActiveSnapshot busy = active.putIfAbsent(vmKey, a);
        if (busy != null) {
            return publishFinished(e.jobId(), vmKey, JobFinished.refused("a backup of VM " + vmKey
                    + " is already running (job " + busy.jobId + ")"));
        }
        a.prepared = onVirtualThread(() -> session.prepare(req).forJob(req)).onComplete(ar -> {
            if (ar.failed()) {
                active.remove(vmKey, a);
                LOGGER.warn("vm={} job={} snapshot failed: {}", vmKey, e.jobId(), Quiescer.message(ar.cause()));
                publishFinished(e.jobId(), vmKey, ar.cause() instanceof VmBusyException
                        ? JobFinished.refused(ar.cause().getMessage())
                        : JobFinished.failed("snapshot failed: " + Quiescer.message(ar.cause())));
                return;
            }
            a.ready = ar.result();
            a.session.watch(reason -> ctx().vertx().runOnContext(v -> finish(vmKey, a.session.checkpoint(), false,
                    reason, null)));
            long timeoutMs = ctx().config().backup().jobTimeoutSeconds() * 1000L;
            a.timer = ctx().vertx().setTimer(timeoutMs, t -> finish(vmKey, a.session.checkpoint(), false,
                    "timed out after " + timeoutMs / 1000 + " s waiting for the data to land", null));
            ctx().publisher().publish(EventType.SNAPSHOTS_READY, e.jobId(), vmKey, ar.result());
        });
        return Future.succeededFuture();
    }

    private void finish(String vmKey, String checkpoint, boolean success, String error, PointStored point) {
        ActiveSnapshot a = active.get(vmKey);
        if (a == null || !a.session.checkpoint().equals(checkpoint) || !a.finishing.compareAndSet(false, true)) {
            return;
        }
        ctx().vertx().cancelTimer(a.timer);
        a.released = onVirtualThread(() -> a.session.release(success,
                point != null && "full".equals(point.level()))).transform(ar -> {
            active.remove(vmKey, a);
            List<String> errors = ar.succeeded() ? ar.result() : List.of(Quiescer.message(ar.cause()));
            boolean ok = success && errors.isEmpty();
            Future<?> released = ctx().publisher().publish(EventType.SNAPSHOTS_RELEASED, a.jobId, vmKey,
                    new SnapshotReleased(checkpoint, success, !success, errors.isEmpty() ? null : errors.get(0)));
            SnapshotReady r = a.ready;
            String message = ok ? null : error != null ? error : "releasing the snapshot failed: " + errors.get(0);
            List<DiskResult> disks = point == null ? List.of() : point.disks();
            Future<?> finished = publishFinished(a.jobId, vmKey, new JobFinished(ok ? "succeeded" : "failed", message,
                    ok && point != null ? point.pointId() : null,
                    point != null && point.level() != null ? point.level() : r.level(),
                    point != null && point.levelReason() != null ? point.levelReason() : r.levelReason(),
                    r.consistency(), r.warnings(), disks));
            return Future.join(released, finished).<Void>mapEmpty().otherwiseEmpty();
        });
    }


    private Future<?> publishFinished(String jobId, String vmKey, JobFinished f) {
        return ctx().publisher().publish(EventType.JOBS_FINISHED, jobId, vmKey, f);
    }

    private <T> Future<T> onVirtualThread(Callable<T> work) {
        Promise<T> p = Promise.promise();
        Thread.ofVirtual().name("snapshot").start(() -> {
            try {
                p.complete(work.call());
            } catch (Throwable t) {
                p.fail(t);
            }
        });
        return p.future();
    }

    /** VMs with a snapshot in progress. */
    public java.util.Set<String> busyVms() {
        return java.util.Set.copyOf(active.keySet());
    }

    /**
     * Releases every snapshot still held, as failed (the changes go back into the dirty bitmaps), and completes once
     * they are released: the service's Vert.x, whose QMP connections the releases use, closes after this. A snapshot
     * still being taken is released once its preparation ended (which also cleans up after itself if it fails), not
     * while its QMP transaction or export is under way.
     */
    @Override
    protected Future<Void> close() {
        if (sweepTimer >= 0) {
            ctx().vertx().cancelTimer(sweepTimer);
        }
        List<Future<Void>> releases = new ArrayList<>();
        for (ActiveSnapshot a : active.values()) {
            Future<SnapshotReady> prepared = a.prepared != null ? a.prepared : Future.succeededFuture();
            releases.add(prepared.transform(ar -> {
                finish(a.vmKey, a.session.checkpoint(), false, "service stopped", null);
                return a.released != null ? a.released : Future.<Void>succeededFuture();
            }));
        }
        return Future.join(releases).mapEmpty();
    }
}
