package io.vmferry.bridge.bacula;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a bpipe reader whose job is gone. After {@code cancel jobid=N} the File Daemon stops reading the
 * reader's stdout but keeps waiting for it (gotcha 4 of the Bacula note): the reader blocks on a full pipe
 * forever and so does the FD job. The watchdog aborts the reader when either
 * <ul>
 *   <li>the Director reports the job terminated (canceled, failed) — polled through a {@link JobProbe}
 *       every {@code pollInterval}, when the client can reach the Director; or</li>
 *   <li>one write to stdout has been blocked for {@code stallTimeout} (no probe needed).</li>
 * </ul>
 * The reader wraps stdout in {@link #watch} and passes an abort action (record the failure, exit non-zero:
 * closing the pipes lets the FD finish the job).
 */
public final class JobWatchdog implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JobWatchdog.class);

    /** Asks the Director about a job. */
    @FunctionalInterface
    public interface JobProbe {
        /** The job's current record. */
        JobStatus status(long jobId);
    }

    private final long jobId;
    private final JobProbe probe;
    private final Duration pollInterval;
    private final Duration stallTimeout;
    private final InstantSource clock;
    private final Consumer<String> onAbort;
    private final AtomicLong writeStartedMillis = new AtomicLong(-1);
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile Instant lastPoll = Instant.MIN;
    private volatile Thread thread;

    /**
     * @param jobId        the Bacula JobId the reader serves
     * @param probe        asks the Director, or null when the client cannot reach it (stall detection only)
     * @param pollInterval how often to ask the Director
     * @param stallTimeout how long one write may block before the reader gives up
     * @param clock        time source
     * @param onAbort      called once with the reason
     */
    public JobWatchdog(long jobId, JobProbe probe, Duration pollInterval, Duration stallTimeout, InstantSource clock,
                       Consumer<String> onAbort) {
        this.jobId = jobId;
        this.probe = probe;
        this.pollInterval = pollInterval;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
        this.onAbort = onAbort;
    }

    /** Wraps the reader's stdout so that blocked writes are timed. */
    public java.io.OutputStream watch(java.io.OutputStream out) {
        return new WatchedOutputStream(out, this);
    }

    void writeStarted() {
        writeStartedMillis.set(clock.millis());
    }

    void writeFinished() {
        writeStartedMillis.set(-1);
    }

    /**
     * One evaluation: polls the Director when due and checks for a stalled write. Calls the abort action
     * (once) and returns the reason when the reader must stop.
     */
    public Optional<String> check() {
        Optional<String> reason = stalled().or(this::jobGone);
        reason.ifPresent(r -> {
            if (aborted.compareAndSet(false, true)) {
                LOGGER.warn("job {}: aborting the reader: {}", jobId, r);
                onAbort.accept(r);
            }
        });
        return reason;
    }

    private Optional<String> stalled() {
        long started = writeStartedMillis.get();
        if (started >= 0 && clock.millis() - started >= stallTimeout.toMillis()) {
            return Optional.of("job " + jobId + ": the File Daemon has not read the stream for "
                    + stallTimeout.toSeconds() + " s");
        }
        return Optional.empty();
    }

    private Optional<String> jobGone() {
        Instant now = clock.instant();
        if (probe == null || now.isBefore(lastPoll.plus(pollInterval))) {
            return Optional.empty();
        }
        lastPoll = now;
        try {
            JobStatus s = probe.status(jobId);
            if (s.terminated()) {
                return Optional.of("job " + jobId + " ended on the Director (status " + s.status()
                        + (s.canceled() ? ", canceled" : "") + ")");
            }
        } catch (BaculaException e) {
            LOGGER.debug("job {}: cannot ask the Director: {}", jobId, e.getMessage());
        }
        return Optional.empty();
    }

    /** Starts a daemon thread that calls {@link #check()} every second until closed or aborted. */
    public JobWatchdog start() {
        thread = Thread.ofPlatform().daemon().name("bacula-watchdog-" + jobId).start(() -> {
            while (!Thread.currentThread().isInterrupted() && !aborted.get()) {
                check();
                try {
                    Thread.sleep(Math.min(1000, Math.max(50, pollInterval.toMillis())));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** True once the abort action ran. */
    public boolean aborted() {
        return aborted.get();
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
