package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import java.time.Instant;
import java.util.List;

/**
 * Snapshots without the event bus, for tools that hold one in their own process (the Bacula bridge's
 * per-job holder): {@link #take} picks the same session the service would (fleecing for a running VM,
 * {@code qemu-nbd} for a stopped one) and returns it exported; the caller must {@link Held#release} it.
 * Blocking: call from a worker or virtual thread, never an event loop.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** A snapshot that is exported until released. */
    public static final class Held {
        private final Snapshot session;
        private final SnapshotReady ready;

        private Held(Snapshot session, SnapshotReady ready) {
            this.session = session;
            this.ready = ready;
        }

        /** What is exported: level (maybe upgraded to full, with the reason), disks and their NBD exports. */
        public SnapshotReady ready() {
            return ready;
        }

        /** The same snapshot, described with {@code reason} for its level (a caller that chose a full). */
        public Held withLevelReason(String reason) {
            return new Held(session, ready.withLevelReason(reason));
        }

        /** Releases it: {@code success} commits the change-tracking reset, otherwise merges it back. Returns errors. */
        public List<String> release(boolean success) {
            return session.release(success);
        }
    }

    /**
     * Takes and exports a snapshot of {@code request.vm()}; on failure nothing is left behind. First releases the
     * snapshots of this node whose holder process was killed ({@link OrphanSweep}): a node that runs only Bacula jobs
     * has no snapshot service whose start would.
     *
     * @throws Exception when the snapshot cannot be taken (the message says why)
     */
    public static Held take(Vertx vertx, HypervisorConfig hypervisor, SnapshotRequest request) throws Exception {
        OrphanSweep.run(vertx, hypervisor);
        String checkpoint = Names.checkpoint(Instant.now());
        Snapshot session = request.vm().running()
                ? new FleeceSession(vertx, hypervisor, request.vm(), request.destination(), checkpoint, null,
                        SnapshotFaults.NONE)
                : new OfflineSession(hypervisor, request.vm(), request.destination(), checkpoint, null);
        Held held = new Held(session, session.prepare(request));
        session.watch(reason -> { }); // the break itself fails the readers; the owner releases as usual
        return held;
    }

    /** The one-line message of a snapshot failure. */
    public static String message(Throwable e) {
        return Quiescer.message(e);
    }
}
