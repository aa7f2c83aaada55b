package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.PointStored;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.StreamAuthException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams over real mutual TLS into the local destination: stored, refused and given up. */
class SinkIT {
    private static final long SIZE = 3L << 20;
    private static final Instant T = Instant.parse("2026-11-22T05:00:00Z");

    @TempDir
    Path tmp;
    private SinkHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SinkHarness(tmp, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void fullThenIncrementalLandRestorable() throws Exception {
        RandomExtents rnd = new RandomExtents(11);
        DiskModel scsi0 = new DiskModel((int) SIZE);
        DiskModel virtio1 = new DiskModel((int) SIZE);
        LevelPlan plan = h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "incremental", null, SIZE,
                "scsi0", "virtio1")).await(10, TimeUnit.SECONDS);
        assertEquals(new LevelPlan("full", "incremental upgraded to full: no earlier point of lab/101 in the repository",
                null), plan);
        List<StreamExtent> a = rnd.full(SIZE);
        List<StreamExtent> b = rnd.full(SIZE);
        scsi0.apply(a);
        virtio1.apply(b);
        List<StreamAck> acks = Future.all(h.send(header("job-1", "scsi0", BackupLevel.FULL, null), a),
                h.send(header("job-1", "virtio1", BackupLevel.FULL, null), b)).await(30, TimeUnit.SECONDS).list();
        PointStored stored = h.outcome();
        assertTrue(stored.ok(), stored.error());
        assertEquals("p1", stored.pointId());
        assertEquals("full", stored.level());
        assertEquals(List.of("scsi0", "virtio1"), stored.disks().stream().map(DiskResult::disk).toList());
        assertEquals(acks.get(0).sha256(), stored.disks().get(0).sha256());
        assertEquals(0, h.destination.sessions());

        plan = h.destination.open("job-2", "lab/101", SinkHarness.snapshot("p2", T.plusSeconds(60), "incremental", "p1",
                SIZE, "scsi0", "virtio1")).await(10, TimeUnit.SECONDS);
        assertEquals(new LevelPlan("incremental", null, "p1"), plan);
        List<StreamExtent> c = rnd.changes(SIZE, 20);
        scsi0.apply(c);
        Future.all(h.send(header("job-2", "scsi0", BackupLevel.INCREMENTAL, "p1"), c),
                h.send(header("job-2", "virtio1", BackupLevel.INCREMENTAL, "p1"), List.of()))
                .await(30, TimeUnit.SECONDS);
        assertTrue(h.outcome().ok());
        assertEquals(List.of("p1", "p2"), h.repo.points("lab/101").stream().map(Point::id).toList());
        assertEquals("name: web1\n", h.repo.vmConfig(h.repo.point("101", "p2")));
        restoreEquals("p2", "scsi0", scsi0.bytes());
        restoreEquals("p2", "virtio1", virtio1.bytes());
        restoreEquals("p1", "scsi0", restoreOf(a));
        assertNoPartFiles();
    }

    @Test
    void unregisteredStreamIsRejected() throws Exception {
        Throwable e = failure(h.send(header("nope", "scsi0", BackupLevel.FULL, null), List.of()));
        assertInstanceOf(StreamRejectedException.class, e);
        assertTrue(e.getMessage().contains("no backup expects a stream of lab/101 disk scsi0 from job nope"), e.getMessage());
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        e = failure(h.send(header("job-1", "scsi9", BackupLevel.FULL, null), List.of()));
        assertTrue(e.getMessage().contains("point p1 of lab/101 refuses the stream of disk scsi9: disk scsi9 is not "
                + "part of it (disks: scsi0)"), e.getMessage());
        e = failure(h.send(header("job-1", "scsi0", BackupLevel.INCREMENTAL, "p0"), List.of()));
        assertTrue(e.getMessage().contains("the stream is incremental, the point is full"), e.getMessage());
        h.send(header("job-1", "scsi0", BackupLevel.FULL, null), List.of(StreamExtent.data(0, Buffer.buffer("x"))))
                .await(30, TimeUnit.SECONDS);
        assertTrue(h.outcome().ok(), "refused streams do not spoil the session");
    }

    @Test
    void clientWithACertificateFromAnotherCaIsRefused() throws Exception {
        Path rogue = tmp.resolve("rogue");
        CertificateAuthority.initDirectory(rogue);
        TlsConfig impostor = TlsConfig.of(Buffer.buffer(Files.readAllBytes(rogue.resolve("extent-reader-svc.crt"))),
                Buffer.buffer(Files.readAllBytes(rogue.resolve("extent-reader-svc.key"))),
                Buffer.buffer(Files.readAllBytes(h.certs.resolve("ca.crt"))));
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        StreamSender rogueSender = new StreamSender(h.vertx, SenderOptions.of(impostor));
        Throwable e = failure(rogueSender.send("127.0.0.1", h.sink.port(), header("job-1", "scsi0", BackupLevel.FULL, null),
                io.vmferry.stream.api.FrameSource.of(List.of(StreamExtent.data(0, Buffer.buffer("evil"))))));
        assertInstanceOf(StreamAuthException.class, e, e.toString());
        assertNull(h.outcomes.poll(), "the session is untouched");
        assertFalse(Files.exists(h.repo.layout().pointDir("lab/101", "p1")), "nothing written");
    }

    @Test
    void trailerDigestMismatchIsNotCommitted() throws Exception {
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        RawSender.Reply reply = RawSender.send(h, RawSender.forgedDigest(header("job-1", "scsi0", BackupLevel.FULL, null),
                List.of(StreamExtent.data(0, Buffer.buffer("hello")), StreamExtent.zero(4096, 4096))), RawSender.TRAILER_BYTES);
        assertEquals(3, reply.kind(), "ERROR");
        assertTrue(reply.text().contains("content sha256 mismatch"), reply.text());
        PointStored p = h.outcome();
        assertFalse(p.ok());
        assertTrue(p.error().startsWith("disk scsi0: content sha256 mismatch: trailer "), p.error());
        assertFalse(h.repo.contains("lab/101", "p1"));
        assertFalse(Files.exists(h.repo.layout().pointDir("lab/101", "p1")));
        assertNoPartFiles();
    }

    @Test
    void readerFailureGivesUpAndDeletesThePartialPoint() throws Exception {
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0", "scsi1"))
                .await(10, TimeUnit.SECONDS);
        h.send(header("job-1", "scsi0", BackupLevel.FULL, null), new RandomExtents(5).full(SIZE)).await(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(h.repo.layout().streamFile("lab/101", "p1", "scsi0")));
        h.destination.completed("lab/101", "p1", false, "NBD read of scsi1 failed: EIO");
        PointStored p = h.outcome();
        assertEquals("reading the disks failed: NBD read of scsi1 failed: EIO", p.error());
        assertFalse(Files.exists(h.repo.layout().pointDir("lab/101", "p1")));
        assertEquals(List.of(), h.repo.points("lab/101"));
        Throwable late = failure(h.send(header("job-1", "scsi1", BackupLevel.FULL, null), List.of()));
        assertInstanceOf(StreamRejectedException.class, late);
    }

    @Test
    void streamBrokenMidwayGivesUpTheSession() throws Exception {
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        List<StreamExtent> some = new RandomExtents(6).full(SIZE).subList(0, 10);
        java.util.Iterator<StreamExtent> it = some.iterator();
        Throwable e = failure(h.sender.send("127.0.0.1", h.sink.port(), header("job-1", "scsi0", BackupLevel.FULL, null),
                () -> it.hasNext() ? Future.succeededFuture(it.next())
                        : Future.failedFuture(new IllegalStateException("NBD server went away"))));
        assertTrue(e.getMessage().contains("NBD server went away"), e.getMessage());
        PointStored p = h.outcome();
        assertFalse(p.ok());
        assertTrue(p.error().startsWith("disk scsi0: "), p.error());
        assertFalse(Files.exists(h.repo.layout().pointDir("lab/101", "p1")));
        assertNoPartFiles();
    }

    @Test
    void storageFailureGivesUpWithOneLine() throws Exception {
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        Path dir = h.repo.layout().pointDir("lab/101", "p1");
        Files.createDirectories(dir.getParent());
        Files.writeString(dir, "in the way");
        Throwable e = failure(h.send(header("job-1", "scsi0", BackupLevel.FULL, null), new RandomExtents(8).full(SIZE)));
        assertInstanceOf(StreamRejectedException.class, e);
        PointStored p = h.outcome();
        assertEquals("disk scsi0: " + dir + ": already exists", p.error());
        assertFalse(Files.exists(dir));
    }

    @Test
    void sessionTimesOut() throws Exception {
        h.close();
        h = new SinkHarness(tmp.resolve("again"), Duration.ofSeconds(1));
        h.destination.open("job-1", "lab/101", SinkHarness.snapshot("p1", T, "full", null, SIZE, "scsi0"))
                .await(10, TimeUnit.SECONDS);
        assertEquals("timed out after 1 s waiting for disks scsi0", h.outcome().error());
        assertEquals(0, h.destination.sessions());
    }

    static StreamHeader header(String job, String disk, BackupLevel level, String parent) {
        return new StreamHeader(job, "lab/101", disk, SIZE, level, parent, 0, T, null);
    }

    private void restoreEquals(String point, String disk, byte[] expected) throws Exception {
        Path out = tmp.resolve(point + "-" + disk + ".raw");
        new Restorer().restore(h.repo, "lab/101", disk, point, out, "raw");
        assertArrayEquals(expected, Files.readAllBytes(out), point + " " + disk);
    }

    private static byte[] restoreOf(List<StreamExtent> full) {
        DiskModel m = new DiskModel((int) SIZE);
        m.apply(full);
        return m.bytes();
    }

    private void assertNoPartFiles() throws Exception {
        try (var files = Files.walk(h.repo.root())) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".part")).toList());
        }
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
