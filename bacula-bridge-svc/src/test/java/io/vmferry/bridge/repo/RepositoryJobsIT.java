package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vmferry.bridge.BridgeService;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.BackupConfig;
import io.vmferry.bus.config.BusConfig;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.config.RepositoryConfig;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.JobAccepted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobProgress;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.bus.events.VerifyOptions;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs.requested} verify and prune through a real Kafka, answered by the bridge on its repository. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryJobsIT {
    private static final long SIZE = 1 << 20;
    private static final String F1 = "20261122T050000Z-f001";
    private static final String I1 = "20261122T051000Z-i001";
    private static final String G1 = "20261122T050000Z-g001";
    private static final String G2 = "20261122T051000Z-g002";
    private static final String G3 = "20261122T052000Z-g003";

    private Vertx vertx;
    private ServiceRunner runner;
    private EventPublisher pub;
    private LocalRepository repo;
    private final Map<String, LinkedBlockingQueue<Envelope>> byJob = new HashMap<>();

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("repo");
        ChainFixture web = new ChainFixture(root);
        RandomExtents rnd = new RandomExtents(7);
        web.store(F1, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        web.store(I1, "incremental", F1, SIZE,
                Map.of("scsi0", List.of(StreamExtent.data(4096, Buffer.buffer("i".repeat(8192))))));
        ChainFixture db = new ChainFixture(root, "lab/102");
        db.store(G1, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        db.store(G2, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        db.store(G3, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        repo = web.repo;

        Path certs = tmp.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        VmferryConfig cfg = new VmferryConfig(new HypervisorConfig("qemu", "lab", null, null, null, null),
                new RepositoryConfig(root), new BusConfig(kafka.bootstrapServers(), 2),
                new BackupConfig(120, null, true), new TlsConfig(certs), Map.of());
        BusOptions bus = kafka.bus(2);
        TopicSetup.ensureTopics(bus);
        vertx = Vertx.vertx();
        runner = new ServiceRunner(vertx);
        runner.start(new BridgeService(), cfg, bus, false).await(60, TimeUnit.SECONDS);
        pub = EventPublisher.create(vertx, bus, "test");
        EventSubscriber.start(vertx, bus, "jobs-it-" + UUID.randomUUID(),
                List.of(EventType.JOBS_ACCEPTED, EventType.JOBS_PROGRESS, EventType.JOBS_FINISHED), e -> {
                    synchronized (byJob) {
                        byJob.computeIfAbsent(e.jobId(), k -> new LinkedBlockingQueue<>()).add(e);
                    }
                    return Future.succeededFuture();
                }, pub, null).await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        if (runner != null) {
            runner.stopAll().await(30, TimeUnit.SECONDS);
        }
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void verifyReportsEachVmAndNamesTheFirstDamagedPoint() throws Exception {
        Map<String, JobFinished> all = finished(request("v1", JobRequest.verify("*", null)), 2);
        for (String vm : List.of("lab/101", "lab/102")) {
            assertTrue(all.get(vm).succeeded(), all.get(vm).message());
        }
        JsonNode report = all.get("lab/101").report(); // lab/102: the prune test may have run first
        assertEquals(2, report.get("verified").asInt());
        assertEquals(0, report.get("damaged").asInt());
        assertEquals(List.of(F1, I1), ids(report));
        assertTrue(repo.verification(repo.point("lab/101", F1)).orElseThrow().ok(), "the outcome is kept");

        Path stream = repo.streamFile(repo.point("101", I1), "scsi0");
        try (RandomAccessFile f = new RandomAccessFile(stream.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x40);
        }
        JobFinished damaged = finished(request("v2", JobRequest.verify("101", new VerifyOptions("latest", null))), 1)
                .get("lab/101");
        assertEquals("failed", damaged.status());
        assertTrue(damaged.message().startsWith("1 of 2 restore points damaged; first: lab/101 " + I1 + ": "),
                damaged.message());
        assertEquals(1, damaged.report().get("damaged").asInt());
        JobProgress last; // a verify reports progress, the last at its end
        do {
            last = next("v2", EventType.JOBS_PROGRESS).payloadAs(JobProgress.class);
            assertEquals("verify", last.phase());
        } while (last.bytesDone() < last.bytesTotal());
        assertEquals(repo.point("101", F1).bytes() + repo.point("101", I1).bytes(), last.bytesTotal());
    }

    @Test
    void pruneKeepsWhatThePolicyAndTheReadersKeep() throws Exception {
        PruneOptions keepLast1 = new PruneOptions(1, 0, 0, 0, false);
        JobFinished dry = finished(request("p1", JobRequest.prune("102", new PruneOptions(1, 0, 0, 0, true))), 1)
                .get("lab/102");
        assertTrue(dry.succeeded(), dry.message());
        assertEquals(2, dry.report().get("removed").asInt());
        assertTrue(dry.report().get("dryRun").asBoolean());
        assertEquals(3, repo.points("102").size(), "a dry run removes nothing");

        try (PointHold restoring = repo.hold(List.of(repo.point("102", G1)))) {
            JsonNode report = finished(request("p2", JobRequest.prune("102", keepLast1)), 1).get("lab/102").report();
            assertEquals(1, report.get("removed").asInt());
            assertEquals(Pruner.IN_USE, report.get("points").get(0).get("reasons").get(0).asText());
        }
        assertEquals(List.of(G1, G3), repo.points("102").stream().map(Point::id).toList());
        assertEquals(1, finished(request("p3", JobRequest.prune("102", keepLast1)), 1).get("lab/102").report()
                .get("removed").asInt());
        assertEquals(List.of(G3), repo.points("102").stream().map(Point::id).toList());
    }

    @Test
    void aRequestThatCannotRunIsAnsweredOnceWithoutAVm() throws Exception {
        assertEquals("prune: needs a retention policy ('prune': keepLast, keepDaily, keepWeekly, keepMonthly)",
                jobFailure(request("e1", JobRequest.prune("101", null))));
        assertEquals("prune: a retention policy must keep something: give --keep-last, --keep-daily, --keep-weekly "
                + "or --keep-monthly", jobFailure(request("e2", JobRequest.prune("101", new PruneOptions(0, 0, 0,
                0, false)))));
        assertTrue(jobFailure(request("e3", JobRequest.verify("999", null)))
                .startsWith("verify: no restore points of VM 999 in "));
        assertEquals("verify: verify of point latest needs one VM as the selection, not '*'",
                jobFailure(request("e4", JobRequest.verify("*", new VerifyOptions("latest", null)))));
        assertEquals("verify: works on the local repository, not on destination 'bacula'", jobFailure(request("e5",
                new JobRequest(JobRequest.VERIFY, "*", null, null, false, "bacula", null, null, null))));
    }

    private String request(String jobId, JobRequest job) throws Exception {
        synchronized (byJob) {
            byJob.put(jobId, new LinkedBlockingQueue<>());
        }
        pub.publish(EventType.JOBS_REQUESTED, jobId, null, job).await(10, TimeUnit.SECONDS);
        return jobId;
    }

    /** The jobs.accepted of {@code jobId} (naming {@code vms} VMs) and then each VM's jobs.finished. */
    private Map<String, JobFinished> finished(String jobId, int vms) throws Exception {
        Map<String, JobFinished> out = new HashMap<>();
        JobAccepted accepted = next(jobId, EventType.JOBS_ACCEPTED).payloadAs(JobAccepted.class);
        assertEquals(vms, accepted.vms().size(), accepted.toString());
        while (out.size() < vms) {
            Envelope e = next(jobId, EventType.JOBS_FINISHED);
            out.put(e.vmKey(), e.payloadAs(JobFinished.class));
        }
        assertEquals(accepted.vms().stream().sorted().toList(), out.keySet().stream().sorted().toList());
        return out;
    }

    private String jobFailure(String jobId) throws Exception {
        Envelope e = next(jobId, EventType.JOBS_FINISHED);
        assertNull(e.vmKey());
        JobFinished f = e.payloadAs(JobFinished.class);
        assertEquals("failed", f.status());
        assertTrue(events(jobId, EventType.JOBS_ACCEPTED).isEmpty(), "a job that cannot run is not accepted");
        return f.message();
    }

    private Envelope next(String jobId, EventType type) throws Exception {
        LinkedBlockingQueue<Envelope> q;
        synchronized (byJob) {
            q = byJob.get(jobId);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Envelope> other = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                Envelope e = q.poll(1, TimeUnit.SECONDS);
                if (e != null && e.type().equals(type.type())) {
                    return e;
                }
                if (e != null) {
                    other.add(e);
                }
            }
            throw new AssertionError("no " + type.type() + " for job " + jobId);
        } finally {
            other.forEach(e -> seenAgain(jobId, e));
        }
    }

    private void seenAgain(String jobId, Envelope e) {
        synchronized (byJob) {
            byJob.get(jobId).add(e);
        }
    }

    private List<Envelope> events(String jobId, EventType type) {
        synchronized (byJob) {
            return byJob.get(jobId).stream().filter(e -> e.type().equals(type.type())).toList();
        }
    }

    private static List<String> ids(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("points").forEach(p -> ids.add(p.get("point").asText()));
        return ids;
    }
}
