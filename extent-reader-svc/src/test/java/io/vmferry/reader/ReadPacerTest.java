package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The read rate limit, on a clock the test moves. */
class ReadPacerTest {
    private static final long MS = 1_000_000;
    private static final int READ = 512 << 10;

    private long now = 1_000_000 * MS;

    @Test
    void readsAreSpreadAtTheRate() {
        ReadPacer pacer = new ReadPacer(10L << 20, () -> now); // 10 MiB/s: a 512 KiB read per 50 ms
        long start = now;
        long read = 0;
        while (read < 100L << 20) { // 100 MiB
            long wait = pacer.delayNanos(READ);
            if (wait > 0) {
                now += wait;
            } else {
                read += READ;
            }
        }
        double seconds = (now - start) / 1e9;
        // the last read starts 0.1 s ahead of the schedule, and is itself 50 ms of the rate
        assertEquals(10.0 - 0.15, seconds, 0.01);
    }

    @Test
    void aReadMayRunAheadOnlyByTheSlack() {
        ReadPacer pacer = new ReadPacer(1L << 20, () -> now); // 1 MiB/s: 512 KiB is 500 ms
        assertEquals(0, pacer.delayNanos(READ), "the first read goes at once");
        assertEquals(400 * MS, pacer.delayNanos(READ), "500 ms ahead of the rate, 100 ms allowed");
        now += 399 * MS;
        assertTrue(pacer.delayNanos(READ) > 0);
        now += MS;
        assertEquals(0, pacer.delayNanos(READ));
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        ReadPacer pacer = new ReadPacer(1L << 20, () -> now);
        pacer.delayNanos(READ);
        now += 60_000 * MS; // a minute without reads
        assertEquals(0, pacer.delayNanos(READ));
        assertEquals(400 * MS, pacer.delayNanos(READ));
    }

    @Test
    void unlimitedNeverWaits() {
        assertFalse(ReadPacer.UNLIMITED.limits());
        assertEquals(ReadPacer.UNLIMITED, ReadPacer.of(0));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, ReadPacer.UNLIMITED.delayNanos(32 << 20));
        }
        assertTrue(ReadPacer.of(1).limits());
        assertThrows(IllegalArgumentException.class, () -> ReadPacer.of(-1));
    }

    @Test
    void aJobsOwnLimitHoldsItBelowTheNodes() {
        ReadPacer node = new ReadPacer(10L << 20, () -> now);
        ReadPacer job = node.within(1L << 20); // 1 MiB/s: 512 KiB is 500 ms
        assertTrue(job.limits());
        assertEquals(0, job.delayNanos(READ));
        assertEquals(400 * MS, job.delayNanos(READ), "the job's rate, not the node's");
        assertEquals(0, node.delayNanos(READ), "the node's rate has room left for other jobs");
        assertEquals(node, node.within(0), "no limit of its own: the node's alone");
    }

    @Test
    void jobsWithinTheNodeShareItsRate() {
        ReadPacer node = new ReadPacer(1L << 20, () -> now);
        ReadPacer a = node.within(10L << 20);
        ReadPacer b = node.within(10L << 20);
        assertEquals(0, a.delayNanos(READ));
        assertEquals(400 * MS, b.delayNanos(READ), "the node's rate is spent by the other job");
        now += 400 * MS;
        assertEquals(0, b.delayNanos(READ), "held back by the node only, so not charged to its job");
        assertEquals(500 * MS, a.delayNanos(READ), "1 s of the node's rate paid for, 0.4 s gone");
    }

    @Test
    void aJobLimitWithoutANodeLimit() {
        ReadPacer job = ReadPacer.UNLIMITED.within(1L << 20); // on the real clock, as UNLIMITED
        assertTrue(job.limits());
        assertEquals(0, job.delayNanos(READ));
        assertEquals(400 * MS, job.delayNanos(READ), 100 * MS);
        assertEquals(0, ReadPacer.UNLIMITED.delayNanos(READ));
    }
}
