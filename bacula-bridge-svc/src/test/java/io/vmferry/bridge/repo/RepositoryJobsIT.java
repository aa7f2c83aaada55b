package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vmferry.bridge.BridgeService;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventType;
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
import io.vmferry.bus.events.RestoreOptions;
import io.vmferry.bus.events.VerifyOptions;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.ServiceOnBus;
import io.vmferry.testkit.kafka.TestKafka;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private ServiceOnBus service;
    private EventPublisher pub;
    private LocalRepository repo;
    private ChainFixture db;
    private Path restores;
    private Path outside;
    private final Map<String, LinkedBlockingQueue<Envelope>> byJob = new HashMap<>();

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("repo");
        ChainFixture web = new ChainFixture(root);
        RandomExtents rnd = new RandomExtents(7);
        web.store(F1, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        web.store(I1, "incremental", F1, SIZE,
                Map.of("scsi0", List.of(StreamExtent.data(4096, Buffer.buffer("i".repeat(8192))))));
        db = new ChainFixture(root, "lab/102");
        db.store(G1, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        db.store(G2, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        db.store(G3, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        ChainFixture two = new ChainFixture(root, "lab/103");
        Map<String, List<StreamExtent>> disks = new java.util.LinkedHashMap<>();
        disks.put("scsi0", rnd.full(SIZE));
        disks.put("scsi1", rnd.full(SIZE));
        two.store(G1, "full", null, SIZE, disks);
        Path scsi1 = two.repo.streamFile(two.repo.point("103", G1), "scsi1");
        try (RandomAccessFile f = new RandomAccessFile(scsi1.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        repo = web.repo;
        restores = java.nio.file.Files.createDirectories(tmp.resolve("restores"));
        outside = java.nio.file.Files.createDirectories(tmp.resolve("elsewhere"));

        Path certs = tmp.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        VmferryConfig cfg = new VmferryConfig(new HypervisorConfig("qemu", "lab", null, null, null, null),
                new RepositoryConfig(root, null, null, List.of(restores), null),
                new BusConfig(kafka.bootstrapServers(), 2),
                new BackupConfig(120, null, true, null), new TlsConfig(certs), Map.of());
        service = ServiceOnBus.start(kafka, new BridgeService(), cfg,
                List.of(EventType.JOBS_ACCEPTED, EventType.JOBS_PROGRESS, EventType.JOBS_FINISHED), e -> {
                    synchronized (byJob) {
                        byJob.computeIfAbsent(e.jobId(), k -> new LinkedBlockingQueue<>()).add(e);
                    }
                    return Future.succeededFuture();
                });
        pub = service.publisher();
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void verifyReportsEachVmAndNamesTheFirstDamagedPoint() throws Exception {
        Map<String, JobFinished> all = finished(request("v1", JobRequest.verify("*", null)), 3);
        for (String vm : List.of("lab/101", "lab/102")) {
            assertTrue(all.get(vm).succeeded(), all.get(vm).message());
        }
        assertTrue(all.get("lab/103").message().startsWith("1 of 1 restore points damaged; first: lab/103 " + G1
                + ": "), all.get("lab/103").message());
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
    void pointsListsEachVmAsTheCommandDoes() throws Exception {
        JsonNode listing = finished(request("l1", JobRequest.points("101")), 1).get("lab/101").report();
        assertEquals("lab/101", listing.get("vm").asText());
        assertEquals(List.of(F1, I1), ids((com.fasterxml.jackson.databind.node.ArrayNode) listing.get("points")));
        assertEquals(F1, listing.get("points").get(1).get("parent").asText());
        assertEquals(3, finished(request("l2", JobRequest.points("*")), 3).size());
        assertEquals(java.util.Set.of("lab/101", "lab/103"), finished(request("l3", new JobRequest(JobRequest.POINTS,
                "*", List.of(102), null, false, null, null, null, null, null, 0)), 2).keySet(), "exclude applies");
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
                new JobRequest(JobRequest.VERIFY, "*", null, null, false, "bacula", null, null, null, null, 0))));
    }

    @Test
    void restoreWritesEveryDiskOfThePointIntoAnAllowedDirectory() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(restores.resolve("web"));
        JobFinished done = finished(request("r1", JobRequest.restore("102", new RestoreOptions(null, null,
                dir.toString(), null))), 1).get("lab/102");
        assertTrue(done.succeeded(), done.message());
        JsonNode result = done.report().get("results").get(0);
        assertEquals(G3, result.get("pointId").asText());
        assertEquals("scsi0", result.get("disk").asText());
        Path image = dir.resolve("vm-102-scsi0.raw");
        assertEquals(image.toString(), result.get("target").asText(), "a path, not a URI");
        org.junit.jupiter.api.Assertions.assertArrayEquals(db.expected(G3, "scsi0"),
                java.nio.file.Files.readAllBytes(image));
        JobProgress last;
        do {
            last = next("r1", EventType.JOBS_PROGRESS).payloadAs(JobProgress.class);
            assertEquals("restore", last.phase());
            assertEquals("scsi0", last.disk());
        } while (last.bytesDone() < last.bytesTotal());
        assertEquals(SIZE, last.bytesTotal());
        assertEquals("restore: " + image + " already exists", jobFailure(request("r2", JobRequest.restore("102",
                new RestoreOptions(null, null, dir.toString(), null)))));

        Path sub = java.nio.file.Files.createDirectories(dir.resolve("qcow2"));
        JobFinished one = finished(request("r2b", JobRequest.restore("lab/102", new RestoreOptions(G3, "scsi0",
                sub.toString(), "qcow2"))), 1).get("lab/102");
        assertTrue(one.succeeded(), one.message());
        Path qcow2 = sub.resolve("vm-102-scsi0.qcow2");
        QemuImg.check(qcow2);
        assertTrue(QemuImg.identical(image, "raw", qcow2, "qcow2"), "the same disk as qcow2");
    }

    @Test
    void aRestoreThatFailsOnItsSecondDiskLeavesNoImage() throws Exception {
        JobFinished failed = finished(request("r3", JobRequest.restore("lab/103", new RestoreOptions(G1, null,
                restores.toString(), "qcow2"))), 1).get("lab/103");
        assertEquals("failed", failed.status());
        assertTrue(failed.message().startsWith("restore of lab/103 scsi1 at " + G1 + ": "),
                failed.message());
        try (var left = java.nio.file.Files.list(restores)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("vm-103")).toList(),
                    "scsi0 was restored, then removed again");
        }
    }

    @Test
    void restoresWriteOnlyWhereTheBridgeAllows() throws Exception {
        java.nio.file.Files.createSymbolicLink(restores.resolve("escape"), outside);
        for (String dir : List.of(outside.toString(), restores.resolve("escape").toString())) {
            assertEquals("restore: toDir " + dir + " is not inside repository.restore-dirs (" + restores + ")",
                    jobFailure(request("r4-" + dir.length(), JobRequest.restore("102",
                            new RestoreOptions(null, null, dir, null)))));
        }
        assertEquals("restore: toDir must be an absolute directory path, not 'restores'", jobFailure(request("r5",
                JobRequest.restore("102", new RestoreOptions(null, null, "restores", null)))));
        assertEquals("restore: needs one VM (a VMID or VM key) as the selection, not '*'", jobFailure(request("r6",
                JobRequest.restore("*", new RestoreOptions(null, null, restores.toString(), null)))));
        assertEquals("restore: point " + G3 + " of lab/102 has no disk scsi9 (disks: scsi0)", jobFailure(request(
                "r7", JobRequest.restore("102", new RestoreOptions(null, "scsi9", restores.toString(), null)))));
        assertEquals("restore: format must be raw or qcow2, not 'vmdk'", jobFailure(request("r8",
                JobRequest.restore("102", new RestoreOptions(null, null, restores.toString(), "vmdk")))));
        try (var left = java.nio.file.Files.list(outside)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aJobWaitingForAPruneElsewhereHoldsUpOnlyTheJobsAfterIt() throws Exception {
        Process pruning = HoldPointMain.start(repo.root(), "remove", "101", F1); // as a prune in another process
        try {
            request("w1", JobRequest.verify("101", null));
            next("w1", EventType.JOBS_ACCEPTED);
            request("w2", JobRequest.prune("102", new PruneOptions(1, 0, 0, 0, true)));
            next("w2", EventType.JOBS_ACCEPTED); // the bridge still takes events while w1 waits
            Thread.sleep(1000);
            assertTrue(events("w1", EventType.JOBS_FINISHED).isEmpty(), "w1 waits for the other process");
            assertTrue(events("w2", EventType.JOBS_FINISHED).isEmpty(), "w2 runs after w1");
        } finally {
            HoldPointMain.letGo(pruning);
        }
        assertEquals("lab/101", next("w1", EventType.JOBS_FINISHED).vmKey());
        assertTrue(next("w2", EventType.JOBS_FINISHED).payloadAs(JobFinished.class).succeeded());
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

    private static List<String> ids(com.fasterxml.jackson.databind.node.ArrayNode points) {
        List<String> ids = new ArrayList<>();
        points.forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }
}
