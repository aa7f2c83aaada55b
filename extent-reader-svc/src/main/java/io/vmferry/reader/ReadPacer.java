package io.vmferry.reader;

import java.util.function.LongSupplier;

/**
 * Keeps the bytes read from NBD exports at or under a rate, summed over every transfer sharing the pacer (what
 * vzdump's {@code bwlimit} and the Proxmox Backup client's {@code --rate} do): each read is spread at the rate, and a
 * read may start while the reads before it are at most {@value #SLACK_MS} ms ahead of that schedule, so over any
 * time T at most {@code rate × (T + 0.1 s)} plus one read are read. Thread-safe: a service's disks read on several
 * event loops.
 */
final class ReadPacer {
    /** How far reads may run ahead of the rate. */
    static final long SLACK_MS = 100;
    private static final long SLACK_NANOS = SLACK_MS * 1_000_000;

    /** A pacer that never holds a read back. */
    static final ReadPacer UNLIMITED = new ReadPacer(0, System::nanoTime);

    private final long bytesPerSecond;
    private final LongSupplier clock;
    /** When the bytes handed out so far are paid for at the rate (nanoTime scale). */
    private long paidUntil = Long.MIN_VALUE;

    ReadPacer(long bytesPerSecond, LongSupplier clock) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a read rate cannot be negative: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
    }

    /** A pacer for {@code bytesPerSecond}; 0: {@link #UNLIMITED}. */
    static ReadPacer of(long bytesPerSecond) {
        return bytesPerSecond == 0 ? UNLIMITED : new ReadPacer(bytesPerSecond, System::nanoTime);
    }

    /** True when this pacer holds reads back. */
    boolean limits() {
        return bytesPerSecond > 0;
    }

    /**
     * 0 when a read of {@code bytes} may start now (it is then counted against the rate), else the nanoseconds to
     * wait before asking again.
     */
    synchronized long delayNanos(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long scheduled = Math.max(paidUntil, now);
        long ahead = scheduled - now;
        if (ahead > SLACK_NANOS) {
            return ahead - SLACK_NANOS;
        }
        paidUntil = scheduled + (long) (bytes * 1e9 / bytesPerSecond);
        return 0;
    }
}
