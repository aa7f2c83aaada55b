package io.vmferry.reader;

import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.stream.api.BackupLevel;

/**
 * One disk to read and where to send it.
 *
 * @param jobId       job the stream belongs to (the header's job id)
 * @param vmKey       {@code host/vmid}
 * @param checkpoint  snapshot checkpoint the export shows
 * @param level       full reads the allocation map, incremental/differential the dirty bitmap
 * @param parentPoint restore point an incremental/differential builds on (null for full)
 * @param disk        the disk and its NBD export
 * @param sink        TLS address of the sink, with the fingerprint to pin (optional)
 */
public record DiskReadRequest(String jobId, String vmKey, String checkpoint, BackupLevel level, String parentPoint,
                              SnapshotDisk disk, SinkAddress sink) {

    /** Requires the fields every read needs. */
    public DiskReadRequest {
        if (vmKey == null || level == null || disk == null || disk.name() == null || disk.export() == null) {
            throw new IllegalArgumentException("a disk read needs a VM key, a level and a disk with its export");
        }
        if (sink == null || sink.host() == null || sink.host().isBlank() || sink.port() < 1 || sink.port() > 65535) {
            throw new IllegalArgumentException("disk " + disk.name() + ": no valid sink address " + sink);
        }
    }

    /** Log prefix naming job, VM and disk. */
    public String logContext() {
        return "job=" + jobId + " vm=" + vmKey + " disk=" + disk.name();
    }
}
