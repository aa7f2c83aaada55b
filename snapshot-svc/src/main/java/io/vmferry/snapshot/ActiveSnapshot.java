package io.vmferry.snapshot;

import io.vertx.core.Future;
import io.vmferry.bus.events.SnapshotReady;
import java.util.concurrent.atomic.AtomicBoolean;

/** A VM's snapshot between request and release; at most one per VM. */
final class ActiveSnapshot {
    final String jobId;
    final String vmKey;
    final Snapshot session;
    final AtomicBoolean finishing = new AtomicBoolean();
    volatile SnapshotReady ready;
    volatile long timer = -1;
    /** Completes when the snapshot is taken and exported (or failed to be); set when the request is taken on. */
    volatile Future<SnapshotReady> prepared;
    /** Completes once released and the outcome published; null until {@link #finishing} was set. */
    volatile Future<Void> released;

    ActiveSnapshot(String jobId, String vmKey, Snapshot session) {
        this.jobId = jobId;
        this.vmKey = vmKey;
        this.session = session;
    }
}
