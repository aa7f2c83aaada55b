package io.vmferry.reader;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one disk transfer, written on the disk's event loop and read by the progress
 * reporter and metrics from elsewhere.
 */
public final class TransferCounters {
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong pacedNanos = new AtomicLong();
    private volatile long bytesTotal = -1;
    private final ReaderMetrics metrics;

    TransferCounters(ReaderMetrics metrics) {
        this.metrics = metrics;
    }

    void addRead(long bytes) {
        if (bytes > 0) {
            bytesRead.addAndGet(bytes);
            metrics.read(bytes);
        }
    }

    void addDone(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    void addPaced(long nanos) {
        pacedNanos.addAndGet(nanos);
        metrics.paced(nanos);
    }

    void total(long bytes) {
        bytesTotal = bytes;
    }

    /** Data bytes NBD returned so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes of the ranges to read that were handed to the stream so far. */
    public long bytesDone() {
        return bytesDone.get();
    }

    /** Time reads were held back by the read rate limit ({@link ReadPacer}), in nanoseconds. */
    public long pacedNanos() {
        return pacedNanos.get();
    }

    /** Bytes of the ranges to read, -1 before the extent map is known. */
    public long bytesTotal() {
        return bytesTotal;
    }
}
