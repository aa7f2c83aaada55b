package io.vmferry.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Pruner;
import io.vmferry.bridge.repo.RepositoryVerifier;
import io.vmferry.bridge.repo.RetentionPolicy;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventType;
import io.vmferry.bus.config.RepositoryConfig;
import io.vmferry.bus.config.RetentionConfig;
import io.vmferry.bus.events.PointsPruned;
import io.vmferry.bus.events.PruneOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bridge does with a point once its job was reported (the job does not wait), on the bridge's
 * {@link RepositoryQueue}: reads it back ({@code repository.verify-new}), then applies {@code repository.retention}
 * (or the job's own retention) to its VM's points (vzdump's {@code prune-backups}) unless the new point did not read
 * back intact: a damaged new point never costs an older one. The outcomes are logged and counted, what retention
 * removed is also published ({@code points.pruned}); a point a restore or verify is reading stays for the next
 * backup's prune.
 */
final class AfterStored {
    private static final Logger LOGGER = LoggerFactory.getLogger(AfterStored.class);
    /** With verify-new, a point of the new point's chain once found intact is not read again. */
    private static final Duration ONCE_INTACT_ENOUGH = Duration.ofDays(100 * 365);

    private final RepositoryQueue queue;
    private final LocalRepository repository;
    private final MeterRegistry metrics;
    private final EventPublisher publisher;
    private final boolean verifyNew;
    /** Null: every point is kept. */
    private final RetentionPolicy retention;

    AfterStored(RepositoryQueue queue, LocalRepository repository, RepositoryConfig config, MeterRegistry metrics,
                EventPublisher publisher) {
        this.queue = queue;
        this.repository = repository;
        this.metrics = metrics;
        this.publisher = publisher;
        this.verifyNew = config.verifyNew();
        RetentionConfig r = config.retention();
        this.retention = r.prunes() ? RetentionPolicy.local(r.keepLast(), r.keepDaily(), r.keepWeekly(),
                r.keepMonthly()) : null;
    }

    /**
     * Starts the follow-up of point {@code pointId} of {@code vmKey}, stored for job {@code jobId}, with the job's own
     * retention {@code jobRetention} (null: {@code repository.retention}; checked by the inventory service).
     */
    void follow(String jobId, String vmKey, String pointId, PruneOptions jobRetention) {
        RetentionPolicy retention = jobRetention == null ? this.retention : RetentionPolicy.local(
                jobRetention.keepLast(), jobRetention.keepDaily(), jobRetention.keepWeekly(),
                jobRetention.keepMonthly());
        if (!verifyNew && retention == null) {
            return;
        }
        queue.enqueue(() -> {
            boolean intact = !verifyNew || verify(jobId, vmKey, pointId);
            if (retention != null && intact) {
                prune(jobId, vmKey, pointId, retention);
            } else if (retention != null) {
                LOGGER.warn("[{} {}] retention not applied: the new point {} did not read back intact, the older "
                        + "points stay", jobId, vmKey, pointId);
            }
            return null;
        });
    }

    /**
     * Reads the point back, as {@code vmferry verify} does: points of its chain found intact before are not read
     * again; the outcome is recorded with the point ({@code vmferry points}) and logged, a damaged point as an error.
     * True when it read back intact.
     */
    private boolean verify(String jobId, String vmKey, String pointId) {
        try {
            var check = new RepositoryVerifier(repository, 1).verify(List.of(repository.point(vmKey, pointId)),
                    ONCE_INTACT_ENOUGH, (done, total) -> { }).getLast();
            metrics.counter("vmferry.bridge.verified", "outcome", check.ok() ? "intact" : "damaged").increment();
            if (check.ok()) {
                LOGGER.info("[{} {}] point {} read back: intact", jobId, vmKey, pointId);
            } else {
                LOGGER.error("[{} {}] point {} read back: DAMAGED: {}", jobId, vmKey, pointId, check.error());
            }
            return check.ok();
        } catch (RuntimeException e) {
            LOGGER.error("[{} {}] point {} could not be read back: {}", jobId, vmKey, pointId, e.getMessage());
            return false;
        }
    }

    private void prune(String jobId, String vmKey, String pointId, RetentionPolicy retention) {
        try {
            Pruner.Report report = new Pruner(repository).prune(vmKey, retention, false);
            List<String> removed = report.points().stream().filter(d -> !d.keep()).map(Pruner.Decision::point)
                    .toList();
            List<String> inUse = report.points().stream().filter(d -> d.reasons().contains(Pruner.IN_USE))
                    .map(Pruner.Decision::point).toList();
            metrics.counter("vmferry.bridge.pruned.points").increment(removed.size());
            if (removed.isEmpty() && inUse.isEmpty()) {
                return;
            }
            LOGGER.info("[{} {}] retention: removed {} ({} bytes){}", jobId, vmKey, removed, report.bytesFreed(),
                    inUse.isEmpty() ? "" : ", " + inUse + " left for the next backup: " + Pruner.IN_USE);
            publisher.publish(EventType.POINTS_PRUNED, jobId.equals(pointId) ? null : jobId, vmKey,
                    new PointsPruned(pointId, removed, report.bytesFreed(), inUse)).onFailure(e -> LOGGER.error(
                    "[{} {}] cannot publish points.pruned: {}", jobId, vmKey, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOGGER.error("[{} {}] retention could not be applied: {}", jobId, vmKey, e.getMessage());
        }
    }
}
