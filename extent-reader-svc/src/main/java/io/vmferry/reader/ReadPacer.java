package io.vmferry.reader;

import java.util.function.LongSupplier;

/**
 * Keeps the bytes read from NBD exports at or under a rate, summed over every transfer sharing the pacer (what
 * vzdump's {@code bwlimit} and the Proxmox Backup client's {@code --rate} do): each read is spread at the rate, and a
 * read may start while the reads before it are at most {@value #SLACK_MS} ms ahead of that schedule, so over any
 * time T at most {@code rate × (T + 0.1 s)} plus one read are read. Thread-safe: a service's disks read on several
 * event loops.
 *
 * <p>A pacer may sit {@link #within} another: a job's own limit inside the node's. A read then starts only when both
 * let it, and counts against both.
 */
final class ReadPacer {
    /** How far reads may run ahead of the rate. */
    static final long SLACK_MS = 100;
    private static final long SLACK_NANOS = SLACK_MS * 1_000_000;

    /** A pacer that never holds a read back. */
    static final ReadPacer UNLIMITED = new ReadPacer(0, System::nanoTime);

    private final long bytesPerSecond;
    private final LongSupplier clock;
    /** The pacer this one sits within (the node's for a job's), or null. */
    private final ReadPacer outer;
    /** When the bytes handed out so far are paid for at the rate (nanoTime scale). */
    private long paidUntil = Long.MIN_VALUE;

    ReadPacer(long bytesPerSecond, LongSupplier clock) {
        this(bytesPerSecond, clock, null);
    }

    private ReadPacer(long bytesPerSecond, LongSupplier clock, ReadPacer outer) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a read rate cannot be negative: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.outer = outer;
    }

    /** A pacer for {@code bytesPerSecond}; 0: {@link #UNLIMITED}. */
    static ReadPacer of(long bytesPerSecond) {
        return bytesPerSecond == 0 ? UNLIMITED : new ReadPacer(bytesPerSecond, System::nanoTime);
    }

    /**
     * A pacer for one job within this one: reads are held to {@code bytesPerSecond} as well as to this pacer's rate;
     * 0: this pacer itself.
     */
    ReadPacer within(long bytesPerSecond) {
        return bytesPerSecond == 0 ? this : new ReadPacer(bytesPerSecond, clock, limits() ? this : null);
    }

    /** True when this pacer holds reads back. */
    boolean limits() {
        return bytesPerSecond > 0 || outer != null;
    }

    /**
     * 0 when a read of {@code bytes} may start now (it is then counted against the rate, and the outer pacer's), else
     * the nanoseconds to wait before asking again.
     */
    synchronized long delayNanos(long bytes) {
        if (!limits()) {
            return 0;
        }
        long now = clock.getAsLong();
        long wait = waitNanos(now);
        if (wait > 0) {
            return wait;
        }
        if (outer != null) { // always this pacer's lock first, then the outer one's: no lock order cycle
            wait = outer.delayNanos(bytes);
            if (wait > 0) {
                return wait;
            }
        }
        pay(bytes, now);
        return 0;
    }

    private long waitNanos(long now) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long ahead = Math.max(paidUntil, now) - now;
        return ahead > SLACK_NANOS ? ahead - SLACK_NANOS : 0;
    }

    private void pay(long bytes, long now) {
        if (bytesPerSecond > 0) {
            paidUntil = Math.max(paidUntil, now) + (long) (bytes * 1e9 / bytesPerSecond);
        }
    }
}
