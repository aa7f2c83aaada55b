package io.vmferry.reader;

import io.vertx.core.Vertx;
import io.vmferry.bus.events.JobProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reports each disk's progress (phase {@value #PHASE}, bytes of the ranges to read handed to the
 * stream / their total) at most once per interval and only when it changed, plus a last report
 * when the job ends. Confined to the job's context.
 */
final class ProgressReporter {
    static final String PHASE = "reading";

    private final Vertx vertx;
    private final Consumer<JobProgress> sink;
    private final Map<DiskTransfer, Long> lastDone = new LinkedHashMap<>();
    private long timer = -1;

    ProgressReporter(Vertx vertx, long intervalMs, Consumer<JobProgress> sink) {
        this.vertx = vertx;
        this.sink = sink;
        this.timer = vertx.setPeriodic(intervalMs, id -> report());
    }

    void track(DiskTransfer transfer) {
        lastDone.put(transfer, -1L);
    }

    /** Publishes what changed and stops the timer. */
    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        report();
    }

    private void report() {
        for (Map.Entry<DiskTransfer, Long> e : lastDone.entrySet()) {
            TransferCounters c = e.getKey().counters();
            long total = c.bytesTotal();
            long done = Math.min(c.bytesDone(), Math.max(total, 0));
            if (total < 0 || done == e.getValue()) {
                continue;
            }
            e.setValue(done);
            try {
                sink.accept(new JobProgress(e.getKey().request().disk().name(), PHASE, done, total));
            } catch (RuntimeException ignored) {
                // progress is best effort
            }
        }
    }
}
