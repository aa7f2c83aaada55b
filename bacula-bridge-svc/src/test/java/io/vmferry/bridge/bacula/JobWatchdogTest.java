package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobWatchdogTest {
    /** A clock the test moves. */
    static final class MockTime implements InstantSource {
        Instant now = Instant.parse("2026-11-22T05:30:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            now = now.plus(d);
        }
    }

    private final MockTime time = new MockTime();
    private final List<String> aborts = new ArrayList<>();

    private static JobStatus status(char s) {
        return new JobStatus(9, "vm", 'B', 'F', s, 0, 0, 0);
    }

    @Test
    void abortsWhenTheDirectorEndedTheJob() {
        AtomicInteger polls = new AtomicInteger();
        char[] state = {'R'};
        JobWatchdog w = new JobWatchdog(9, id -> {
            polls.incrementAndGet();
            return status(state[0]);
        }, Duration.ofSeconds(5), Duration.ofMinutes(10), time, aborts::add);
        assertEquals(Optional.empty(), w.check());
        time.sleep(Duration.ofSeconds(1));
        state[0] = 'A';
        assertEquals(Optional.empty(), w.check(), "not due yet");
        assertEquals(1, polls.get());
        time.sleep(Duration.ofSeconds(4));
        assertEquals(Optional.of("job 9 ended on the Director (status A, canceled)"), w.check());
        w.check();
        assertEquals(1, aborts.size(), "abort runs once");
        assertTrue(w.aborted());
    }

    @Test
    void probeErrorsAreIgnored() {
        JobWatchdog w = new JobWatchdog(9, id -> {
            throw new BconsoleException("no Director");
        }, Duration.ofSeconds(1), Duration.ofMinutes(10), time, aborts::add);
        for (int i = 0; i < 5; i++) {
            time.sleep(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), w.check());
        }
        assertFalse(w.aborted());
    }

    @Test
    void abortsWhenAWriteBlocksTooLong() throws IOException {
        JobWatchdog w = new JobWatchdog(9, null, Duration.ofSeconds(1), Duration.ofSeconds(30), time, aborts::add);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Optional<String>> seenWhileBlocked = new ArrayList<>();
        OutputStream blocking = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                time.sleep(Duration.ofSeconds(29));
                seenWhileBlocked.add(w.check());
                time.sleep(Duration.ofSeconds(1));
                seenWhileBlocked.add(w.check());
                sink.write(b, off, len);
            }
        };
        OutputStream out = w.watch(blocking);
        out.write(1);
        time.sleep(Duration.ofMinutes(5));
        assertEquals(Optional.empty(), w.check(), "idle between writes is no stall");
        out.write(new byte[3], 0, 3);
        assertEquals(Optional.empty(), seenWhileBlocked.get(0));
        assertEquals(Optional.of("job 9: the File Daemon has not read the stream for 30 s"), seenWhileBlocked.get(1));
        assertEquals(List.of("job 9: the File Daemon has not read the stream for 30 s"), aborts);
        assertEquals(4, sink.size());
    }

    @Test
    void backgroundThreadRunsTheAbort() throws InterruptedException {
        try (JobWatchdog w = new JobWatchdog(9, id -> status('E'), Duration.ofMillis(10), Duration.ofMinutes(1),
                InstantSource.system(), aborts::add).start()) {
            for (int i = 0; i < 200 && !w.aborted(); i++) {
                Thread.sleep(10);
            }
            assertTrue(w.aborted());
        }
    }
}
