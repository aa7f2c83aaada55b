package io.vmferry.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.PointListing;
import io.vmferry.bridge.repo.Pruner;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RepositoryVerifier;
import io.vmferry.bridge.repo.RestoreException;
import io.vmferry.bridge.repo.RestoreResult;
import io.vmferry.bridge.repo.RetentionPolicy;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventType;
import io.vmferry.bus.Json;
import io.vmferry.bus.events.JobAccepted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobProgress;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.bus.events.VerifyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code points}, {@code verify}, {@code prune} and {@code restore} kinds of {@code jobs.requested}: what
 * {@code vmferry points}, {@code verify}, {@code prune} and {@code restore} do with the bridge's local repository,
 * for automation that drives vmferry through the bus. A request is checked and its VMs resolved against the
 * repository, {@code jobs.accepted} names them, then each VM gets one {@code jobs.finished} whose {@code report} is
 * its part of the CLI's {@code --json} document (a verify that finds damage is {@code failed}, naming the first
 * damaged point); verify and restore report {@code jobs.progress} about once a second. A request that cannot run gets
 * one {@code jobs.finished} without a VM key. Restores write only into {@code repository.restore-dirs}
 * ({@link RestorePlan}). The jobs run one after the other on the bridge's {@link RepositoryQueue}, never on the
 * service's event loop; the event is accepted as soon as the job is announced.
 */
final class RepositoryJobs {
    private static final Logger LOGGER = LoggerFactory.getLogger(RepositoryJobs.class);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Vertx vertx;
    private final LocalRepository repo;
    private final EventPublisher publisher;
    private final List<Path> restoreDirs;
    private final RepositoryQueue queue;

    /** A checked request: the VMs it covers, announced in {@code jobs.accepted}, and what it does to each. */
    private record Accepted(List<String> vms, VmWork work) {
    }

    /** A job's work on one VM (worker thread), ending in that VM's {@code jobs.finished}. */
    @FunctionalInterface
    private interface VmWork {
        JobFinished run(String vm) throws IOException;
    }

    /** Jobs on {@code repo}, run on {@code queue}; restore jobs may write into {@code restoreDirs} only. */
    RepositoryJobs(Vertx vertx, LocalRepository repo, EventPublisher publisher, List<Path> restoreDirs,
                   RepositoryQueue queue) {
        this.vertx = vertx;
        this.queue = queue;
        this.repo = repo;
        this.publisher = publisher;
        this.restoreDirs = List.copyOf(restoreDirs);
    }

    /**
     * Handles a {@code jobs.requested} (other kinds are not the bridge's): done once the job is announced, so a long
     * job never holds up the service's other events.
     */
    Future<?> onRequest(Envelope event) {
        JobRequest job = event.payloadAs(JobRequest.class);
        if (!job.onRepository()) {
            return Future.succeededFuture();
        }
        String jobId = event.jobId();
        String late = job.lateReason(event.time(), Instant.now());
        if (late != null) {
            return publisher.publish(EventType.JOBS_FINISHED, jobId, null,
                    JobFinished.refused(late));
        }
        return vertx.executeBlocking(() -> accept(jobId, job), false)
                .compose(a -> publisher.publish(EventType.JOBS_ACCEPTED, jobId, null, new JobAccepted(a.vms()))
                        .onSuccess(published -> queue.enqueue(() -> run(jobId, job.kind(), a))))
                .recover(e -> {
                    LOGGER.warn("job={} {} not started: {}", jobId, job.kind(), e.getMessage());
                    return publisher.publish(EventType.JOBS_FINISHED, jobId, null,
                            JobFinished.failed(job.kind() + ": " + e.getMessage()));
                });
    }

    /** Checks a request and resolves its VMs; every problem with it is a one-line exception. */
    private Accepted accept(String jobId, JobRequest job) {
        if (!BridgeService.DESTINATION.equals(job.destination())) {
            throw new IllegalArgumentException("works on the local repository, not on destination '"
                    + job.destination() + "'");
        }
        if (JobRequest.RESTORE.equals(job.kind())) {
            RestorePlan plan = RestorePlan.of(repo, restoreDirs, job.selection(), job.restore());
            return new Accepted(List.of(plan.point().vm()), vm -> restore(jobId, plan));
        }
        String sel = job.selection();
        boolean all = sel == null || sel.equals("*");
        if (all && job.verify() != null && job.verify().point() != null) {
            throw new IllegalArgumentException("verify of point " + job.verify().point() + " needs one VM as the "
                    + "selection, not '*'");
        }
        Map<String, List<Point>> byVm = (all ? repo.allPoints() : repo.points(sel)).stream()
                .filter(p -> !job.exclude().contains(vmid(p)))
                .collect(Collectors.groupingBy(Point::vm, LinkedHashMap::new, Collectors.toList()));
        if (byVm.isEmpty()) {
            throw new RepositoryException("no restore points" + (all ? "" : " of VM " + sel) + " in " + repo.root());
        }
        VmWork work;
        if (JobRequest.POINTS.equals(job.kind())) {
            work = vm -> JobFinished.ofRepositoryJob(true, null, Json.MAPPER.valueToTree(PointListing.of(repo, vm)));
        } else if (JobRequest.PRUNE.equals(job.kind())) { // planned when it runs: backups may land meanwhile
            RetentionPolicy policy = policy(job.prune());
            boolean dryRun = job.prune().dryRun();
            work = vm -> prune(vm, policy, dryRun);
        } else {
            VerifyOptions options = job.verify() == null ? new VerifyOptions(null, null) : job.verify();
            if (options.outdatedAfterDays() != null && options.outdatedAfterDays() < 0) {
                throw new IllegalArgumentException("outdatedAfterDays must be 0 or more, not "
                        + options.outdatedAfterDays());
            }
            work = vm -> verify(jobId, vm, options.point() != null ? List.of(repo.point(vm, options.point()))
                    : byVm.get(vm), options);
        }
        return new Accepted(List.copyOf(byVm.keySet()), work);
    }

    private static RetentionPolicy policy(PruneOptions p) {
        if (p == null) {
            throw new IllegalArgumentException("needs a retention policy ('prune': keepLast, keepDaily,"
                    + " keepWeekly, keepMonthly)");
        }
        return RetentionPolicy.local(p.keepLast(), p.keepDaily(), p.keepWeekly(), p.keepMonthly());
    }

    /** The numeric vmid of a point's VM, as {@code exclude} lists them (null for a key that is not numeric). */
    private static Integer vmid(Point p) {
        try {
            return Integer.valueOf(p.vmid());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs the job VM by VM (worker thread); each VM's outcome is published as soon as it is known. */
    private Void run(String jobId, String kind, Accepted job) {
        for (String vm : job.vms()) {
            JobFinished finished;
            try {
                finished = job.work().run(vm);
            } catch (IOException | RuntimeException e) {
                finished = JobFinished.failed(kind + " of " + vm + ": " + e.getMessage());
            }
            LOGGER.info("job={} [{}] {} {}{}", jobId, vm, kind, finished.status(),
                    finished.message() == null ? "" : ": " + finished.message());
            publisher.publish(EventType.JOBS_FINISHED, jobId, vm, finished).onFailure(e -> LOGGER.error(
                    "job={} [{}] cannot publish jobs.finished: {}", jobId, vm, e.getMessage()));
        }
        return null;
    }

    private JobFinished prune(String vm, RetentionPolicy policy, boolean dryRun) throws IOException {
        Pruner.Report report = new Pruner(repo).prune(vm, policy, dryRun);
        return JobFinished.ofRepositoryJob(true, null, Json.MAPPER.valueToTree(report));
    }

    /** Verifies {@code points} of {@code vm} (a prune meanwhile drops those it removes from the report). */
    private JobFinished verify(String jobId, String vm, List<Point> points, VerifyOptions options) {
        long t0 = System.nanoTime();
        Progress progress = new Progress(jobId, vm, null, "verify");
        List<RepositoryVerifier.PointCheck> checks = new RepositoryVerifier(repo).verify(points,
                options.outdatedAfterDays() == null ? null : Duration.ofDays(options.outdatedAfterDays()),
                progress::update);
        RepositoryVerifier.Report report = RepositoryVerifier.Report.of(checks, (System.nanoTime() - t0) / 1e9);
        return JobFinished.ofRepositoryJob(report.failure() == null, report.failure(), Json.MAPPER.valueToTree(report));
    }

    /** Runs a restore plan; a disk that fails makes the job {@code failed}, with nothing left behind. */
    private JobFinished restore(String jobId, RestorePlan plan) throws IOException {
        long t0 = System.nanoTime();
        List<RestoreResult> done;
        try {
            done = plan.run(repo, disk -> new Progress(jobId, plan.point().vm(), disk, "restore")::update);
        } catch (RestoreException e) { // names the VM, disk and point already
            return JobFinished.failed(e.getMessage());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("results", done);
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        return JobFinished.ofRepositoryJob(true, null, Json.MAPPER.valueToTree(report));
    }

    /** {@code jobs.progress} of one VM (and disk), about once a second and at the end. */
    private final class Progress {
        private final String jobId;
        private final String vm;
        private final String disk;
        private final String phase;
        private long last = System.nanoTime();

        Progress(String jobId, String vm, String disk, String phase) {
            this.jobId = jobId;
            this.vm = vm;
            this.disk = disk;
            this.phase = phase;
        }

        void update(long done, long total) {
            long now = System.nanoTime();
            if (now - last >= PROGRESS_NANOS || done == total) {
                last = now;
                publisher.publish(EventType.JOBS_PROGRESS, jobId, vm, new JobProgress(disk, phase, done, total));
            }
        }
    }
}
