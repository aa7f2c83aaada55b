package io.vmferry.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.config.ReceiverConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamRejectedException;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The receiver service over real mutual TLS, applying streams built from qemu-img images; qemu-img compare is the oracle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationIT {
    static final String VM = "lab/101";
    static final long SIZE = 32L << 20;

    private Path tmp;
    private Path certs;
    private Path a;
    private Path b;
    private Path c;
    private Vertx vertx;
    private ReceiverService service;
    private StreamSender sender;
    private Path replicas;
    private PrometheusMeterRegistry metrics;

    @BeforeAll
    void images(@TempDir Path dir) throws Exception {
        tmp = dir;
        certs = tmp.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        a = TestImages.edit(TestImages.create(tmp.resolve("a.raw"), SIZE),
                "write -P 0xaa 0 1M", "write -P 0xbb 8M 1M", "write -P 0x11 20M 64K");
        b = TestImages.derive(a, tmp.resolve("b.raw"), "write -P 0xcc 4M 128K", "write -z 8M 512K",
                "write -P 0xdd 100K 8K");
        c = TestImages.derive(b, tmp.resolve("c.raw"), "write -P 0xee 30M 64K", "write -z 20M 64K",
                "write -P 0x22 1M 256K");
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        replicas = Files.createTempDirectory(tmp, "replicas");
        VmferryConfig cfg = VmferryConfig.defaults().withTls(new io.vmferry.bus.config.TlsConfig(certs))
                .withReceiver(new ReceiverConfig(replicas, 0));
        service = new ReceiverService();
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        service.start(new ServiceContext(vertx, cfg, null, null, metrics))
                .await(30, TimeUnit.SECONDS);
        sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "extent-reader-svc")));
    }

    @AfterEach
    void stop() throws Exception {
        service.stop().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void fullThenTwoIncrementalsMakeTheReplicaEqualTheNewestImage() throws Exception {
        StreamAck full = send(header(BackupLevel.FULL, "p1", null), TestImages.full(a));
        assertTrue(TestImages.same(replica(), a));
        assertEquals("p1", state().current().point());
        send(header(BackupLevel.INCREMENTAL, "p2", "p1"), TestImages.delta(a, b));
        assertTrue(TestImages.same(replica(), b));
        StreamAck last = send(header(BackupLevel.INCREMENTAL, "p3", "p2"), TestImages.delta(b, c));
        assertTrue(TestImages.same(replica(), c), "replica equals image C");
        assertFalse(TestImages.same(replica(), b));

        DiskReplica disk = state();
        assertEquals("p3", disk.current().point());
        assertEquals("incremental", disk.current().level());
        assertEquals("p2", disk.current().parent());
        assertEquals(SIZE, disk.current().virtualSize());
        assertEquals(last.sha256(), disk.current().sha256());
        assertNull(disk.pending());
        assertEquals(List.of("p1", "p2", "p3"), disk.history().stream().map(AppliedStream::point).toList());
        assertEquals(full.sha256(), disk.history().get(0).sha256());
        assertEquals(List.of(), leftovers());
        assertTrue(TestImages.allocated(replica()) < SIZE / 4, "replica stays sparse");
    }

    @Test
    void incrementalOnTheWrongParentIsRejectedBeforeAnythingIsWritten() throws Exception {
        send(header(BackupLevel.FULL, "p1", null), TestImages.full(a));
        send(header(BackupLevel.INCREMENTAL, "p2", "p1"), TestImages.delta(a, b));
        var e = assertThrows(StreamRejectedException.class,
                () -> send(header(BackupLevel.INCREMENTAL, "p3", "p1"), TestImages.delta(b, c)));
        assertTrue(e.getMessage().contains("replica of lab/101 scsi0 is at point p2, stream builds on p1"),
                e.getMessage());
        assertTrue(TestImages.same(replica(), b));
        assertEquals("p2", state().current().point());

        StreamHeader other = new StreamHeader("j", VM, "scsi1", SIZE, BackupLevel.INCREMENTAL, "p2", 65536,
                Instant.now(), null);
        e = assertThrows(StreamRejectedException.class, () -> send(other, TestImages.delta(b, c)));
        assertTrue(e.getMessage().contains("replica of lab/101 scsi1 does not exist yet"), e.getMessage());
        assertFalse(Files.exists(service.store().layout().replica(VM, "scsi1")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void cancelledStreamLeavesThePreviousReplicaAndNoWorkingCopy() throws Exception {
        send(header(BackupLevel.FULL, "p1", null), TestImages.full(a));
        List<StreamExtent> extents = TestImages.full(c);
        int[] served = {0};
        FrameSource failing = () -> served[0] < extents.size() / 2
                ? Future.succeededFuture(extents.get(served[0]++))
                : Future.failedFuture(new IllegalStateException("reader cancelled"));
        assertThrows(Exception.class, () -> sender.send("127.0.0.1", service.sinkPort(),
                header(BackupLevel.FULL, "p2", null), failing).await(30, TimeUnit.SECONDS));
        awaitNoLeftovers();
        assertTrue(TestImages.same(replica(), a), "previous replica intact");
        assertEquals("p1", state().current().point());
    }

    @Test
    void corruptedStreamIsRefusedAndLeavesThePreviousReplica() throws Exception {
        send(header(BackupLevel.FULL, "p1", null), TestImages.full(a));
        List<String> answers = CorruptSender.send(vertx, TlsConfig.fromDirectory(certs, "extent-reader-svc"),
                service.sinkPort(), header(BackupLevel.INCREMENTAL, "p2", "p1"), TestImages.delta(a, b));
        assertTrue(answers.stream().anyMatch(s -> s.contains("crc")), "sink reports the CRC mismatch: " + answers);
        awaitNoLeftovers();
        assertTrue(TestImages.same(replica(), a), "previous replica intact");
        assertEquals("p1", state().current().point());
    }

    @Test
    void clientWithACertificateFromAnotherCaIsRefused() throws Exception {
        Path otherCa = tmp.resolve("other-ca-" + System.nanoTime());
        CertificateAuthority.initDirectory(otherCa, List.of("extent-reader-svc"));
        StreamSender stranger = new StreamSender(vertx,
                SenderOptions.of(TlsConfig.fromDirectory(otherCa, "extent-reader-svc")));
        assertThrows(Exception.class, () -> stranger.send("127.0.0.1", service.sinkPort(),
                header(BackupLevel.FULL, "p1", null), FrameSource.of(TestImages.full(a))).await(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(service.store().layout().vmDir(VM)), "nothing written for a refused peer");
    }

    static StreamHeader header(BackupLevel level, String point, String parent) {
        return new StreamHeader("job-" + point, VM, "scsi0", SIZE, level, parent, level == BackupLevel.FULL ? 0 : 65536,
                Instant.now(), new io.vertx.core.json.JsonObject().put("checkpoint", point).encode());
    }

    private StreamAck send(StreamHeader h, List<StreamExtent> extents) throws Exception {
        return sender.send("127.0.0.1", service.sinkPort(), h, FrameSource.of(extents)).await(30, TimeUnit.SECONDS);
    }

    private Path replica() {
        return service.store().layout().replica(VM, "scsi0");
    }

    private DiskReplica state() throws Exception {
        DiskReplica d = service.store().state(VM).disk("scsi0");
        assertNotNull(d);
        return d;
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(replicas)) {
            return files.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".tmp")).toList();
        }
    }

    /** Waits until the receiver has cleaned up after the failed stream (it counts the failure last). */
    private void awaitNoLeftovers() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (failedStreams() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, failedStreams());
        assertEquals(List.of(), leftovers());
    }

    private double failedStreams() {
        var counter = metrics.find("vmferry.receiver.streams").tag("outcome", "failed").counter();
        return counter == null ? 0 : counter.count();
    }
}
