package io.vmferry.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.Pruner;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RepositoryVerifier;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code verify} and {@code prune} kinds of {@code jobs.requested}: what {@code vmferry verify} and
 * {@code vmferry prune} do to the bridge's local repository, for automation that drives vmferry through the bus. A
 * request is checked and its VMs resolved against the repository, {@code jobs.accepted} names them, then each VM
 * gets one {@code jobs.finished} whose {@code report} is its part of the CLI's {@code --json} document (a verify that
 * finds damage is {@code failed}, naming the first damaged point); a verify reports {@code jobs.progress} (phase
 * {@code verify}) about once a second. A request that cannot run gets one {@code jobs.finished} without a VM key. The
 * jobs run one after the other on a worker thread, never on the service's event loop; the event is accepted as soon
 * as the job is announced.
 */
final class RepositoryJobs {
    private static final Logger LOGGER = LoggerFactory.getLogger(RepositoryJobs.class);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Vertx vertx;
    private final LocalRepository repo;
    private final EventPublisher publisher;

    RepositoryJobs(Vertx vertx, LocalRepository repo, EventPublisher publisher) {
        this.vertx = vertx;
        this.repo = repo;
        this.publisher = publisher;
    }

    /** Handles a {@code jobs.requested}; other kinds than verify and prune are not the bridge's. */
    Future<?> onRequest(Envelope event) {
        JobRequest job = event.payloadAs(JobRequest.class);
        if (!job.onRepository()) {
            return Future.succeededFuture();
        }
        String jobId = event.jobId();
        String late = job.lateReason(event.time(), Instant.now());
        if (late != null) {
            return publisher.publish(EventType.JOBS_FINISHED, jobId, null,
                    new JobFinished("refused", late, null, null, null, null, null, null));
        }
        return vertx.executeBlocking(() -> vms(job), true)
                .compose(vms -> publisher.publish(EventType.JOBS_ACCEPTED, jobId, null, new JobAccepted(vms))
                        .onSuccess(accepted -> vertx.executeBlocking(() -> run(jobId, job, vms), true)))
                .recover(e -> {
                    LOGGER.warn("job={} {} not started: {}", jobId, job.kind(), e.getMessage());
                    return publisher.publish(EventType.JOBS_FINISHED, jobId, null,
                            JobFinished.ofRepositoryJob(false, job.kind() + ": " + e.getMessage(), null));
                });
    }

    /** The VM keys a request covers; every problem with the request is a one-line exception. */
    private List<String> vms(JobRequest job) {
        if (!BridgeService.DESTINATION.equals(job.destination())) {
            throw new IllegalArgumentException("works on the local repository, not on destination '"
                    + job.destination() + "'");
        }
        if (JobRequest.PRUNE.equals(job.kind())) {
            policy(job.prune());
        } else if (job.verify() != null) {
            Integer days = job.verify().outdatedAfterDays();
            if (days != null && days < 0) {
                throw new IllegalArgumentException("outdatedAfterDays must be 0 or more, not " + days);
            }
        }
        String sel = job.selection();
        boolean all = sel == null || sel.equals("*");
        if (all && job.verify() != null && job.verify().point() != null) {
            throw new IllegalArgumentException("verify of point " + job.verify().point() + " needs one VM as the "
                    + "selection, not '*'");
        }
        List<Point> points = all ? repo.allPoints() : repo.points(sel);
        LinkedHashSet<String> vms = new LinkedHashSet<>();
        points.stream().filter(p -> !job.exclude().contains(vmid(p.vm()))).forEach(p -> vms.add(p.vm()));
        if (vms.isEmpty()) {
            throw new RepositoryException("no restore points" + (all ? "" : " of VM " + sel) + " in " + repo.root());
        }
        return List.copyOf(vms);
    }

    private static RetentionPolicy policy(PruneOptions p) {
        if (p == null) {
            throw new IllegalArgumentException("needs a retention policy ('prune': keepLast, keepDaily,"
                    + " keepWeekly, keepMonthly)");
        }
        return new RetentionPolicy(p.keepLast(), p.keepDaily(), p.keepWeekly(), p.keepMonthly(),
                ZoneId.systemDefault());
    }

    private static Integer vmid(String vmKey) {
        try {
            return Integer.valueOf(vmKey.substring(vmKey.indexOf('/') + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs the job VM by VM (worker thread); each VM's outcome is published as soon as it is known. */
    private Void run(String jobId, JobRequest job, List<String> vms) {
        for (String vm : vms) {
            JobFinished finished;
            try {
                finished = JobRequest.PRUNE.equals(job.kind()) ? prune(vm, job.prune()) : verify(jobId, vm,
                        job.verify() == null ? new VerifyOptions(null, null) : job.verify());
            } catch (IOException | RuntimeException e) {
                finished = JobFinished.ofRepositoryJob(false, job.kind() + " of " + vm + ": " + e.getMessage(), null);
            }
            LOGGER.info("job={} [{}] {} {}{}", jobId, vm, job.kind(), finished.status(),
                    finished.message() == null ? "" : ": " + finished.message());
            publisher.publish(EventType.JOBS_FINISHED, jobId, vm, finished).onFailure(e -> LOGGER.error(
                    "job={} [{}] cannot publish jobs.finished: {}", jobId, vm, e.getMessage()));
        }
        return null;
    }

    private JobFinished prune(String vm, PruneOptions options) throws IOException {
        Pruner.Report report = new Pruner(repo).prune(vm, policy(options), options.dryRun());
        return JobFinished.ofRepositoryJob(true, null, Json.MAPPER.valueToTree(report));
    }

    private JobFinished verify(String jobId, String vm, VerifyOptions options) {
        List<Point> points = options.point() != null ? List.of(repo.point(vm, options.point())) : repo.points(vm);
        long t0 = System.nanoTime();
        long[] lastReport = {t0};
        List<RepositoryVerifier.PointCheck> checks = new RepositoryVerifier(repo).verify(points,
                options.outdatedAfterDays() == null ? null : Duration.ofDays(options.outdatedAfterDays()),
                (done, total) -> {
                    long now = System.nanoTime();
                    if (now - lastReport[0] >= PROGRESS_NANOS || done == total) {
                        lastReport[0] = now;
                        publisher.publish(EventType.JOBS_PROGRESS, jobId, vm,
                                new JobProgress(null, "verify", done, total));
                    }
                });
        RepositoryVerifier.Report report = RepositoryVerifier.Report.of(checks, (System.nanoTime() - t0) / 1e9);
        return JobFinished.ofRepositoryJob(report.failure() == null, report.failure(), Json.MAPPER.valueToTree(report));
    }
}
