package io.vmferry.snapshot;

import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import java.util.List;

/** A point-in-time view of one VM's disks, exported over NBD until released. Blocking methods. */
interface Snapshot {

    String checkpoint();

    /** Takes the snapshot and exports it; on failure nothing is left behind and no change is lost. */
    SnapshotReady prepare(SnapshotRequest req) throws Exception;

    /**
     * Releases it; {@code success} commits the change-tracking reset, otherwise it is undone. {@code storedFull}:
     * the destination stored the point as a full although the snapshot served a lower level (it lacked the point the
     * changes start at), so the differential tracking restarts at this point too. Returns errors.
     */
    List<String> release(boolean success, boolean storedFull);

    /** {@link #release(boolean, boolean)} of a point stored at the level the snapshot served. */
    default List<String> release(boolean success) {
        return release(success, false);
    }

    /**
     * Watches what the held snapshot needs to stay harmless to the VM until it is released; when it cannot (its
     * fleecing overlay's file system is nearly full), the snapshot's export and fleecing are removed at once and
     * {@code broken} gets the reason, from another thread. The owner still releases it (as failed).
     */
    default void watch(java.util.function.Consumer<String> broken) {
    }
}
