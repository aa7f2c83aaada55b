package io.vmferry.infra;

import io.vmferry.bus.BusOptions;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.events.JobAccepted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobProgress;
import io.vmferry.bus.events.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one backup job through the bus as automation would: publish {@code jobs.requested}, wait
 * for {@code jobs.accepted}, follow {@code jobs.progress}, collect one {@code jobs.finished} per VM.
 */
public final class BackupJob {
    /** Receives progress of one disk: {@code <vmKey>/<disk>}, bytes done and total. */
    @FunctionalInterface
    public interface Progress {
        void update(String part, long done, long total);
    }

    /** The job failed as a whole (nothing matched, no service answered, timeout). */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** How long the client waits for the request to be taken on; also the request's start deadline. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private BackupJob() {
    }

    /** Runs the job and returns each VM's outcome, in the order they finished. */
    public static Map<String, JobFinished> run(BusOptions bus, JobRequest request, Duration limit, Progress progress) {
        String jobId = UUID.randomUUID().toString();
        try (BusClient client = new BusClient(bus, List.of(EventType.JOBS_ACCEPTED, EventType.JOBS_FINISHED,
                EventType.JOBS_PROGRESS))) {
            // a request nobody takes on while this client waits must not start later, when a stack comes up
            client.publish(Envelope.create(EventType.JOBS_REQUESTED, jobId, null, "cli",
                    request.startBy() != null ? request : request.startingBy(Instant.now().plus(ANSWER_WITHIN))));
            Map<String, JobFinished> finished = new LinkedHashMap<>();
            List<String> vms = null;
            long end = System.nanoTime() + ANSWER_WITHIN.toNanos();
            while (vms == null || finished.size() < vms.size()) {
                if (System.nanoTime() > end) {
                    throw new Failed(vms == null ? "no answer to the backup request within " + ANSWER_WITHIN.toSeconds()
                            + " s (is the inventory service running?); it will not start later"
                            : "backup did not finish within " + limit.toSeconds() + " s");
                }
                for (Envelope e : client.poll(Duration.ofMillis(100))) {
                    if (!jobId.equals(e.jobId())) {
                        continue;
                    }
                    switch (EventType.ofType(e.type())) {
                        case JOBS_ACCEPTED -> {
                            vms = e.payloadAs(JobAccepted.class).vms();
                            end = System.nanoTime() + limit.toNanos();
                        }
                        case JOBS_PROGRESS -> {
                            JobProgress p = e.payloadAs(JobProgress.class);
                            progress.update(e.vmKey() + "/" + p.disk(), p.bytesDone(), p.bytesTotal());
                        }
                        case JOBS_FINISHED -> {
                            JobFinished f = e.payloadAs(JobFinished.class);
                            if (e.vmKey() == null) {
                                throw new Failed(f.message());
                            }
                            finished.put(e.vmKey(), f);
                        }
                        default -> {
                        }
                    }
                }
            }
            return finished;
        }
    }
}
