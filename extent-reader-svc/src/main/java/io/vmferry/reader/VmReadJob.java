package io.vmferry.reader;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.events.JobProgress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.stream.api.BackupLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one {@code extents.requested} asks for: the VM's disks, at most {@code parallelDisks}
 * at a time. The first failing disk cancels the others and no new one starts; the result is one
 * {@link ExtentsCompleted} (ok with a {@link DiskResult} per disk in request order, or not ok with
 * the first failure's one-line message). Confined to the context {@link #run()} is called on.
 */
public final class VmReadJob {
    private static final Logger LOGGER = LoggerFactory.getLogger(VmReadJob.class);

    private final Vertx vertx;
    private final DiskReader reader;
    private final String jobId;
    private final String vmKey;
    private final ExtentsRequest request;
    private final int parallelDisks;
    private final Consumer<JobProgress> progress;
    private final Promise<ExtentsCompleted> result = Promise.promise();
    private final ArrayDeque<DiskReadRequest> queue = new ArrayDeque<>();
    private final List<DiskTransfer> running = new ArrayList<>();
    private final Map<String, DiskResult> done = new HashMap<>();
    private Context context;
    private ProgressReporter reporter;
    private DiskReadException failure;
    /** The job's own read rate limit within the reader's (the reader's alone when the job has none). */
    private ReadPacer pacer;

    /**
     * @param progress receives {@code jobs.progress} payloads (throttled)
     */
    public VmReadJob(Vertx vertx, DiskReader reader, String jobId, String vmKey, ExtentsRequest request,
                     int parallelDisks, Consumer<JobProgress> progress) {
        this.vertx = vertx;
        this.reader = reader;
        this.jobId = jobId;
        this.vmKey = vmKey;
        this.request = request;
        this.parallelDisks = parallelDisks;
        this.progress = progress;
    }

    /** Reads every disk; the future always succeeds, with ok=false on failure. */
    public Future<ExtentsCompleted> run() {
        context = vertx.getOrCreateContext();
        try {
            queue.addAll(requests());
        } catch (IllegalArgumentException e) {
            LOGGER.warn("job={} vm={} checkpoint={} refused: {}", jobId, vmKey, request.checkpoint(), e.getMessage());
            return Future.succeededFuture(new ExtentsCompleted(request.checkpoint(), false, e.getMessage(), List.of()));
        }
        pacer = reader.pacerWithin(request.rateLimitMib() * (1L << 20));
        LOGGER.info("job={} vm={} checkpoint={} reading {} disk(s) {}, {} at a time{}", jobId, vmKey,
                request.checkpoint(), queue.size(), request.level(), parallelDisks,
                request.rateLimitMib() > 0 ? ", at most " + request.rateLimitMib() + " MiB/s" : "");
        reporter = new ProgressReporter(vertx, reader.options().progressInterval().toMillis(), progress);
        startMore();
        return result.future();
    }

    /** Cancels every running disk (from any thread); the job then completes with ok=false. */
    public void cancel(String reason) {
        context.runOnContext(v -> {
            queue.clear();
            running.forEach(t -> t.cancel(reason));
            if (running.isEmpty()) {
                finishIfIdle();
            }
        });
    }

    private List<DiskReadRequest> requests() {
        if (request.level() == null) {
            throw new IllegalArgumentException("no backup level given");
        }
        BackupLevel level;
        try {
            level = BackupLevel.valueOf(request.level().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backup level '" + request.level() + "'");
        }
        if (request.rateLimitMib() < 0) {
            throw new IllegalArgumentException("a read rate limit cannot be negative: " + request.rateLimitMib()
                    + " MiB/s");
        }
        if (request.disks() == null || request.disks().isEmpty()) {
            throw new IllegalArgumentException("no disks to read");
        }
        List<DiskReadRequest> out = new ArrayList<>();
        for (SnapshotDisk disk : request.disks()) {
            out.add(new DiskReadRequest(jobId, vmKey, request.checkpoint(), level, request.parentPoint(), disk,
                    request.sink()));
        }
        return out;
    }

    private void startMore() {
        while (failure == null && running.size() < parallelDisks && !queue.isEmpty()) {
            DiskReadRequest next = queue.poll();
            DiskTransfer t;
            try {
                t = reader.start(next, pacer);
            } catch (RuntimeException e) {
                failure = ReadFailures.of(next.disk().name(), e);
                queue.clear();
                running.forEach(other -> other.cancel("disk " + next.disk().name() + " failed"));
                break;
            }
            running.add(t);
            reporter.track(t);
            t.result().onComplete(ar -> context.runOnContext(v -> onDone(t, ar)));
        }
        finishIfIdle();
    }

    private void onDone(DiskTransfer t, AsyncResult<DiskReadResult> ar) {
        running.remove(t);
        if (ar.succeeded()) {
            done.put(ar.result().disk(), ar.result().toDiskResult());
        } else if (failure == null || failure.cancelled() && !isCancel(ar.cause())) {
            failure = ReadFailures.of(t.request().disk().name(), ar.cause());
            queue.clear();
            running.forEach(other -> other.cancel("disk " + t.request().disk().name() + " failed"));
        }
        startMore();
    }

    private static boolean isCancel(Throwable e) {
        return e instanceof DiskReadException d && d.cancelled();
    }

    private void finishIfIdle() {
        if (!running.isEmpty() || (!queue.isEmpty() && failure == null) || result.future().isComplete()) {
            return;
        }
        reporter.close();
        if (failure == null && done.size() < request.disks().size()) {
            failure = new DiskReadException(null, "cancelled before every disk was read", null, true);
        }
        if (failure != null) {
            LOGGER.warn("job={} vm={} checkpoint={} failed: {}", jobId, vmKey, request.checkpoint(),
                    failure.getMessage());
            result.complete(new ExtentsCompleted(request.checkpoint(), false, failure.getMessage(), ordered()));
        } else {
            LOGGER.info("job={} vm={} checkpoint={} all {} disk(s) read", jobId, vmKey, request.checkpoint(),
                    done.size());
            result.complete(new ExtentsCompleted(request.checkpoint(), true, null, ordered()));
        }
    }

    private List<DiskResult> ordered() {
        List<DiskResult> out = new ArrayList<>();
        for (SnapshotDisk d : request.disks()) {
            DiskResult r = done.get(d.name());
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
