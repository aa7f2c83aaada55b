package io.vmferry.reader;

import io.vmferry.bus.events.DiskResult;

/**
 * What one disk transfer did.
 *
 * @param disk        disk name
 * @param virtualSize size of the export
 * @param bytesRead   data bytes read from NBD
 * @param bytesSent   stream bytes sent and acknowledged by the sink
 * @param seconds     wall time from connecting to the sink's acknowledgement
 * @param sha256      SHA-256 of the logical content, as acknowledged by the sink
 */
public record DiskReadResult(String disk, long virtualSize, long bytesRead, long bytesSent, double seconds,
                             String sha256) {

    /** The {@code extents.completed} form. */
    public DiskResult toDiskResult() {
        return new DiskResult(disk, virtualSize, bytesRead, bytesSent, seconds, sha256);
    }
}
