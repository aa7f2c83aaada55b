package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.time.Instant;
import java.util.List;

/**
 * One VM at one moment in the Bacula catalog: the streams one successful job wrote for it.
 *
 * @param jobId   the Bacula JobId (the point id)
 * @param time    the job's {@code <time>} from the catalog paths
 * @param level   the job level
 * @param parent  the JobId of the point this one builds on (previous point for incremental, last full for
 *                differential), or 0 for a full
 * @param streams the catalog paths of its disks, config and firewall streams
 * @param bytes   JobBytes of the whole job (bpipe streams have no size in the catalog)
 */
public record RestorePoint(long jobId, Instant time, BackupLevel level, long parent, List<CatalogPath> streams,
                           long bytes) {

    /** The disk streams only. */
    public List<CatalogPath> disks() {
        return streams.stream().filter(p -> p.kind() == StreamKind.DISK).toList();
    }
}
