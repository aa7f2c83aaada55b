package io.vmferry.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.HoldPointMain;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.Restorer;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventType;
import io.vmferry.bus.Json;
import io.vmferry.bus.config.BackupConfig;
import io.vmferry.bus.config.BusConfig;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.config.RepositoryConfig;
import io.vmferry.bus.config.RetentionConfig;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PointStored;
import io.vmferry.bus.events.PointsPruned;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VerifyOptions;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.ServiceOnBus;
import io.vmferry.testkit.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

/** The bridge service over a real Kafka: snapshots.ready → extents.requested → streams → points.stored. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeServiceIT {
    private static final long SIZE = 1 << 20;
    private static final Instant T = Instant.parse("2026-11-22T05:00:00Z");

    private Path tmp;
    private ServiceOnBus service;
    private Vertx vertx;
    private EventPublisher pub;
    private StreamSender sender;
    private String fingerprint;
    private final LinkedBlockingQueue<Envelope> seen = new LinkedBlockingQueue<>();

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path dir) throws Exception {
        tmp = dir;
        Path certs = tmp.resolve("certs");
        fingerprint = CertificateAuthority.initDirectory(certs).issued().stream()
                .filter(c -> c.name().equals(BridgeService.CERT_NAME)).findFirst().orElseThrow().fingerprint();
        VmferryConfig cfg = new VmferryConfig(new HypervisorConfig("qemu", "lab", null, null, null, null),
                new RepositoryConfig(tmp.resolve("repo"), null, true, null,
                        new RetentionConfig(2, null, null, null)), new BusConfig(kafka.bootstrapServers(), 2),
                new BackupConfig(120, null, true, null), new TlsConfig(certs), Map.of());
        service = ServiceOnBus.start(kafka, new BridgeService(), cfg,
                List.of(EventType.EXTENTS_REQUESTED, EventType.POINTS_STORED, EventType.POINTS_PRUNED,
                        EventType.JOBS_ACCEPTED, EventType.JOBS_FINISHED), e -> {
                    seen.add(e);
                    return Future.succeededFuture();
                });
        vertx = service.vertx();
        pub = service.publisher();
        sender = new StreamSender(vertx, SenderOptions.of(
                io.vmferry.stream.api.transport.TlsConfig.fromDirectory(certs, "extent-reader-svc")));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void backupsLandInTheRepositoryAndRestore() throws Exception {
        publish("job-0", "lab/102", snapshot("c0", T, "full", null, "bacula"));
        publish("job-1", "lab/101", snapshot("c1", T, "incremental", null, "local"));
        ExtentsRequest r1 = await(EventType.EXTENTS_REQUESTED, "lab/101", "c1").payloadAs(ExtentsRequest.class);
        assertEquals("full", r1.level());
        assertNull(r1.parentPoint());
        assertEquals("127.0.0.1", r1.sink().host());
        assertEquals(fingerprint, r1.sink().fingerprint());
        assertEquals(List.of("scsi0"), r1.disks().stream().map(SnapshotDisk::name).toList());
        List<StreamExtent> full = List.of(StreamExtent.data(0, Buffer.buffer("boot sector")),
                StreamExtent.hole(4096, SIZE - 8192), StreamExtent.data(SIZE - 4096, Buffer.buffer("tail")));
        send(r1, "job-1", "lab/101", full);
        Envelope e1 = await(EventType.POINTS_STORED, "lab/101", "c1");
        PointStored p1 = e1.payloadAs(PointStored.class);
        assertTrue(p1.ok(), p1.error());
        assertEquals("job-1", e1.jobId());
        assertEquals("incremental upgraded to full: no earlier point of lab/101 in the repository", p1.levelReason());
        assertEquals(15, p1.disks().get(0).bytesRead());

        publish("job-2", "lab/101", snapshot("c2", T.plusSeconds(60), "incremental", "c1", "local")
                .forJob(new SnapshotRequest(null, "incremental", false, "local", 12, null)));
        ExtentsRequest r2 = await(EventType.EXTENTS_REQUESTED, "lab/101", "c2").payloadAs(ExtentsRequest.class);
        assertEquals(0, r1.rateLimitMib());
        assertEquals(12, r2.rateLimitMib(), "the job's own read rate limit goes on to the reader");
        assertEquals("incremental", r2.level());
        assertEquals("c1", r2.parentPoint());
        send(r2, "job-2", "lab/101", List.of(StreamExtent.zero(0, 4), StreamExtent.data(8, Buffer.buffer("!"))));
        assertTrue(await(EventType.POINTS_STORED, "lab/101", "c2").payloadAs(PointStored.class).ok());

        // the index as written (other tests store points of other VMs in the same repository)
        List<com.fasterxml.jackson.databind.JsonNode> points = new java.util.ArrayList<>();
        Json.MAPPER.readTree(tmp.resolve("repo").resolve("index.json").toFile()).get("points").forEach(p -> {
            if (p.get("vm").asText().equals("lab/101")) {
                points.add(p);
            }
        });
        assertEquals(2, points.size());
        assertEquals("c2", points.get(1).get("id").asText());
        assertEquals("c1", points.get(1).get("parent").asText());
        Path out = tmp.resolve("c2.raw");
        new Restorer().restore(LocalRepository.open(tmp.resolve("repo")), "101", "scsi0", "latest", out, "raw");
        byte[] disk = Files.readAllBytes(out);
        assertArrayEquals("\0\0\0\0 sec!or".getBytes(), java.util.Arrays.copyOf(disk, 11));
        assertFalse(seen.stream().anyMatch(e -> "lab/102".equals(e.vmKey())), "bacula snapshots are not ours");

        // repository.verify-new: each point is read back after its job reported, and the outcome kept with it
        LocalRepository repo = LocalRepository.open(tmp.resolve("repo"));
        for (String id : List.of("c1", "c2")) {
            Point p = repo.point("lab/101", id);
            long deadline = System.currentTimeMillis() + 30_000;
            while (repo.verification(p).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(repo.verification(p).orElseThrow(() -> new AssertionError(id + " not read back")).ok(), id);
        }
    }

    @Test
    void retentionRemovesThePointsItNoLongerKeepsAfterABackup() throws Exception {
        List<StreamExtent> disk = List.of(StreamExtent.data(0, Buffer.buffer("boot sector")));
        LocalRepository repo = LocalRepository.open(tmp.resolve("repo"));
        for (int i = 4; i <= 6; i++) {
            String c = "c" + i;
            publish("job-" + i, "lab/104", snapshot(c, T.plusSeconds(i), "full", null, "local"));
            send(await(EventType.EXTENTS_REQUESTED, "lab/104", c).payloadAs(ExtentsRequest.class), "job-" + i,
                    "lab/104", disk);
            assertTrue(await(EventType.POINTS_STORED, "lab/104", c).payloadAs(PointStored.class).ok());
            // keep-last 2: the third full's follow-up removes the first, after verify-new read the new one back
            List<String> expected = i < 6 ? null : List.of("c5", "c6");
            long deadline = System.currentTimeMillis() + 30_000;
            while (expected != null && !ids(repo, "lab/104").equals(expected)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        assertEquals(List.of("c5", "c6"), ids(repo, "lab/104"));
        assertFalse(Files.exists(tmp.resolve("repo").resolve("lab").resolve("104").resolve("c4")));
        Envelope pruned = await(e -> e.type().equals(EventType.POINTS_PRUNED.type()) && "lab/104".equals(e.vmKey()),
                "points.pruned of lab/104");
        PointsPruned p = pruned.payloadAs(PointsPruned.class);
        assertEquals("job-6", pruned.jobId());
        assertEquals("c6", p.afterPoint());
        assertEquals(List.of("c4"), p.removed());
        assertTrue(p.bytesFreed() > 0);
        assertEquals(List.of(), p.inUse());
    }

    @Test
    void aJobsOwnRetentionIsAppliedInPlaceOfTheRepositorys() throws Exception {
        LocalRepository repo = LocalRepository.open(tmp.resolve("repo"));
        storeFull("lab/106", "c10", 10);
        storeFull("lab/106", "c11", 11);
        // keep-last 1 for this job: the repository's keep-last 2 would leave c11
        publish("job-c12", "lab/106", snapshot("c12", T.plusSeconds(12), "full", null, "local")
                .forJob(new SnapshotRequest(null, "full", false, "local", 0, new PruneOptions(1, 0, 0, 0, false))));
        send(await(EventType.EXTENTS_REQUESTED, "lab/106", "c12").payloadAs(ExtentsRequest.class), "job-c12",
                "lab/106", List.of(StreamExtent.data(0, Buffer.buffer("boot sector"))));
        Envelope pruned = await(e -> e.type().equals(EventType.POINTS_PRUNED.type()) && "lab/106".equals(e.vmKey())
                && "c12".equals(e.payloadAs(PointsPruned.class).afterPoint()), "points.pruned of lab/106 after c12");
        assertEquals(List.of("c10", "c11"), pruned.payloadAs(PointsPruned.class).removed());
        assertEquals(List.of("c12"), ids(repo, "lab/106"));
    }

    @Test
    void aNewPointThatDoesNotReadBackIntactCostsNoOlderPoint() throws Exception {
        LocalRepository repo = LocalRepository.open(tmp.resolve("repo"));
        storeFull("lab/105", "c7", 7);
        storeFull("lab/105", "c8", 8);
        // hold up the bridge's repository queue: a verify job of c7 waits while another process removes c7
        Process remover = HoldPointMain.start(repo.root(), "remove", "lab/105", "c7");
        try {
            pub.publish(EventType.JOBS_REQUESTED, "verify-105", null,
                    JobRequest.verify("105", new VerifyOptions("c7", null))).await(10, TimeUnit.SECONDS);
            await(e -> e.type().equals(EventType.JOBS_ACCEPTED.type()) && "verify-105".equals(e.jobId()),
                    "jobs.accepted of verify-105");
            storeFull("lab/105", "c9", 9); // its read-back and retention wait behind the verify job
            Path stream = repo.root().resolve("lab").resolve("105").resolve("c9").resolve("scsi0.vfs");
            byte[] bytes = Files.readAllBytes(stream);
            int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("boot sector");
            bytes[at] ^= 0x01;
            Files.write(stream, bytes);
        } finally {
            HoldPointMain.letGo(remover);
        }
        // a job queued after c9's follow-up: once it finished, the follow-up has run
        pub.publish(EventType.JOBS_REQUESTED, "points-105", null, JobRequest.points("105"))
                .await(10, TimeUnit.SECONDS);
        await(e -> e.type().equals(EventType.JOBS_FINISHED.type()) && "points-105".equals(e.jobId()),
                "jobs.finished of points-105");
        assertFalse(repo.verification(repo.point("lab/105", "c9")).orElseThrow().ok(), "c9 read back damaged");
        // keep-last 2 would have removed c7 after an intact c9
        assertEquals(List.of("c7", "c8", "c9"), ids(repo, "lab/105"));
    }

    private void storeFull(String vm, String checkpoint, int second) throws Exception {
        publish("job-" + checkpoint, vm, snapshot(checkpoint, T.plusSeconds(second), "full", null, "local"));
        ExtentsRequest r = await(EventType.EXTENTS_REQUESTED, vm, checkpoint).payloadAs(ExtentsRequest.class);
        send(r, "job-" + checkpoint, vm, List.of(StreamExtent.data(0, Buffer.buffer("boot sector"))));
        assertTrue(await(EventType.POINTS_STORED, vm, checkpoint).payloadAs(PointStored.class).ok());
    }

    private static List<String> ids(LocalRepository repo, String vm) {
        return repo.points(vm).stream().map(Point::id).toList();
    }

    @Test
    void readerFailureIsReportedAsNotStored() throws Exception {
        publish("job-3", "lab/103", snapshot("c3", T, "full", null, "local"));
        await(EventType.EXTENTS_REQUESTED, "lab/103", "c3");
        pub.publish(EventType.EXTENTS_COMPLETED, "job-3", "lab/103",
                new ExtentsCompleted("c3", false, "NBD connection reset", List.of())).await(10, TimeUnit.SECONDS);
        PointStored p = await(EventType.POINTS_STORED, "lab/103", "c3").payloadAs(PointStored.class);
        assertFalse(p.ok());
        assertEquals("reading the disks failed: NBD connection reset", p.error());
        assertFalse(Files.exists(tmp.resolve("repo").resolve("lab").resolve("103").resolve("c3")));
    }

    private static SnapshotReady snapshot(String checkpoint, Instant time, String level, String since,
                                          String destination) {
        return new SnapshotReady(checkpoint, time, level, null, since, "application", List.of(), destination, "web1",
                "name: web1\n", List.of(new SnapshotDisk("scsi0", SIZE, "qcow2", null)));
    }

    private void publish(String job, String vm, SnapshotReady ready) throws Exception {
        pub.publish(EventType.SNAPSHOTS_READY, job, vm, ready).await(10, TimeUnit.SECONDS);
    }

    private void send(ExtentsRequest r, String job, String vm, List<StreamExtent> extents) throws Exception {
        StreamHeader h = new StreamHeader(job, vm, "scsi0", SIZE, BackupLevel.valueOf(r.level().toUpperCase()),
                r.parentPoint(), 0, T, null);
        StreamSender pinned = new StreamSender(vertx, SenderOptions.of(
                io.vmferry.stream.api.transport.TlsConfig.fromDirectory(tmp.resolve("certs"), "extent-reader-svc")
                        .pinPeers(List.of(r.sink().fingerprint()))));
        try {
            pinned.send(r.sink().host(), r.sink().port(), h, FrameSource.of(extents)).await(30, TimeUnit.SECONDS);
        } finally {
            pinned.close();
        }
    }

    private Envelope await(EventType type, String vm, String checkpoint) throws Exception {
        return await(e -> e.type().equals(type.type()) && vm.equals(e.vmKey())
                && checkpoint.equals(e.payload().get("checkpoint").asText()), type.type() + " for " + vm + " "
                + checkpoint);
    }

    /** The first event seen that {@code wanted} accepts; the others stay for later awaits. */
    private Envelope await(java.util.function.Predicate<Envelope> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Envelope> skipped = new java.util.ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                Envelope e = seen.poll(1, TimeUnit.SECONDS);
                if (e != null && wanted.test(e)) {
                    return e;
                }
                if (e != null) {
                    skipped.add(e);
                }
            }
            throw new AssertionError("no " + what);
        } finally {
            seen.addAll(skipped);
        }
    }
}
