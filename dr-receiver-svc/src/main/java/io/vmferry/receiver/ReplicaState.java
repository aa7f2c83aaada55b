package io.vmferry.receiver;

import java.util.Map;
import java.util.TreeMap;

/**
 * Contents of {@code <host>/<vmid>/state.json}: the replica state of each disk of one VM.
 *
 * @param vmKey {@code host/vmid}
 * @param disks disk name to its state
 */
public record ReplicaState(String vmKey, Map<String, DiskReplica> disks) {

    /** Copies the map (sorted by disk name for stable files). */
    public ReplicaState {
        disks = disks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(disks));
    }

    /** A VM without replicas. */
    static ReplicaState empty(String vmKey) {
        return new ReplicaState(vmKey, Map.of());
    }

    /** The state of {@code disk}, or null when it was never replicated. */
    public DiskReplica disk(String disk) {
        return disks.get(disk);
    }

    /** This state with {@code disk} replaced. */
    ReplicaState with(String disk, DiskReplica replica) {
        Map<String, DiskReplica> m = new TreeMap<>(disks);
        m.put(disk, replica);
        return new ReplicaState(vmKey, m);
    }
}
