package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamAuthException;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.pki.IssuedCertificate;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskReader} against real qemu-nbd exports of qcow2 images written with qemu-io, streaming
 * to a real mutual-TLS {@code StreamSinkServer} that rebuilds the disk: full and incremental
 * reads reproduce the source exactly, sparse ranges stay sparse, wrong sink certificates are refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskReaderIT {
    private static final long K = 1024;
    private static final long M = 1024 * K;
    private static final long G = 1024 * M;

    @TempDir
    static Path dir;
    static Vertx vertx;
    static Path certs;
    static List<IssuedCertificate> issued;
    static Path fullImage;
    static Path incImage;
    static Path incBefore;
    static QemuNbd fullNbd;
    static QemuNbd incNbd;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        certs = dir.resolve("certs");
        issued = CertificateAuthority.initDirectory(certs).issued();

        fullImage = dir.resolve("full.qcow2");
        Tools.createQcow2(fullImage, "64M");
        Tools.qemuIo(fullImage, "write -P 0x11 0 64k", "write -P 0x22 1028k 4k", "write -P 0x33 6M 4M",
                "write -z 20M 64k", "write -P 0x44 40M 128k", "write -P 0 50M 64k", "write -P 0x55 65532k 4k");
        fullNbd = QemuNbd.start(dir, fullImage, "full", null, 4);

        incImage = dir.resolve("inc.qcow2");
        Tools.createQcow2(incImage, "64M");
        Tools.qemuIo(incImage, "write -P 0x05 0 16M");
        incBefore = dir.resolve("inc-before.raw");
        Tools.toRaw(incImage, incBefore);
        Tools.run("qemu-img", "bitmap", "--add", "-g", "64K", incImage.toString(), "b0");
        Tools.qemuIo(incImage, "write -P 0xa1 1028k 4k", "write -P 0xb2 2108k 8k", "write -z 3M 64k",
                "write -z 12320k 64k", "write -P 0xd4 32M 4k");
        Tools.run("qemu-img", "bitmap", "--disable", incImage.toString(), "b0");
        incNbd = QemuNbd.start(dir, incImage, "inc", "b0", 4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (fullNbd != null) {
            fullNbd.close();
        }
        if (incNbd != null) {
            incNbd.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static DiskReader reader(Compression compression) {
        return new DiskReader(vertx, TlsConfig.fromDirectory(certs, "extent-reader-svc"),
                EncoderOptions.DEFAULT.withCompression(compression), ReaderOptions.DEFAULT, ReaderMetrics.detached());
    }

    static DiskReadRequest request(QemuNbd nbd, BackupLevel level, int port, String fingerprint) {
        boolean full = level == BackupLevel.FULL;
        ExportInfo export = new ExportInfo(nbd.socket().toString(), null, 0, nbd.exportName(),
                full ? null : "qemu:dirty-bitmap:b0", full ? 0 : 65536);
        return new DiskReadRequest("job-1", "lab/101", "cp-1", level, full ? null : "point-0",
                new SnapshotDisk("scsi0", 0, "qcow2", export), new SinkAddress("127.0.0.1", port, fingerprint));
    }

    static TlsConfig sinkTls(String name) {
        return TlsConfig.fromDirectory(certs, name);
    }

    static String fingerprint(String name) {
        return issued.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().fingerprint();
    }

    @Test
    void fullReadRebuildsTheImageAndKeepsItSparse() throws Exception {
        Path rebuilt = dir.resolve("full-rebuilt.raw");
        try (TestSink sink = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0, rebuilt)) {
            DiskReadResult r = reader(Compression.NONE).start(request(fullNbd, BackupLevel.FULL, sink.port(),
                    fingerprint("bacula-bridge-svc"))).result().await(30, TimeUnit.SECONDS);
            RebuildingReceiver rx = sink.only();
            Path reference = dir.resolve("full-reference.raw");
            Tools.toRaw(fullImage, reference);
            assertEquals(-1, Files.mismatch(rebuilt, reference), "rebuilt image equals qemu-img convert");
            assertTrue(Tools.sameContent(rebuilt, fullImage));

            List<Range> expectedData = Range.nonZeroBlocks(reference);
            assertEquals(List.of(new Range(0, 64 * K), new Range(1028 * K, 4 * K), new Range(6 * M, 4 * M),
                    new Range(40 * M, 128 * K), new Range(65532 * K, 4 * K)), expectedData);
            assertEquals(expectedData, rx.ranges(FrameType.DATA), "data frames cover exactly the non-zero blocks");
            assertTrue(Range.within(rx.ranges(FrameType.DATA), Tools.allocatedData(fullImage)));
            assertEquals(List.of(), rx.ranges(FrameType.ZERO), "a full stream has no zero frames");
            assertEquals(List.of(new Range(0, 64 * M)), rx.covered(), "data and holes cover the disk");

            assertEquals(64 * M, r.virtualSize());
            assertEquals(rx.sha256.get(), r.sha256());
            assertTrue(r.bytesRead() >= 4 * M + 64 * K && r.bytesRead() < 6 * M, "read " + r.bytesRead());
            assertEquals(BackupLevel.FULL, rx.header.get().level());
            assertEquals("job-1", rx.header.get().jobId());
            assertEquals("lab/101", rx.header.get().vmKey());
            assertEquals("scsi0", rx.header.get().diskName());
        }
    }

    @Test
    void lz4StreamHasTheSameContentDigestAndIsSmaller() throws Exception {
        try (TestSink plain = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0);
             TestSink packed = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0)) {
            DiskReadResult a = reader(Compression.NONE).start(request(fullNbd, BackupLevel.FULL, plain.port(), null))
                    .result().await(30, TimeUnit.SECONDS);
            DiskReadResult b = reader(Compression.LZ4).start(request(fullNbd, BackupLevel.FULL, packed.port(), null))
                    .result().await(30, TimeUnit.SECONDS);
            assertEquals(a.sha256(), b.sha256());
            assertTrue(b.bytesSent() < a.bytesSent() / 10, a.bytesSent() + " vs lz4 " + b.bytesSent());
        }
    }

    @Test
    void incrementalSendsExactlyTheDirtyBlocksAndZeroesShadow() throws Exception {
        Path rebuilt = dir.resolve("inc-rebuilt.raw");
        Files.copy(incBefore, rebuilt);
        try (TestSink sink = TestSink.start(vertx, sinkTls("dr-receiver-svc"), 0, rebuilt)) {
            DiskReadResult r = reader(Compression.LZ4).start(request(incNbd, BackupLevel.INCREMENTAL, sink.port(),
                    fingerprint("dr-receiver-svc"))).result().await(30, TimeUnit.SECONDS);
            RebuildingReceiver rx = sink.only();
            assertEquals(List.of(new Range(1 * M, 64 * K), new Range(2 * M, 128 * K), new Range(3 * M, 64 * K),
                    new Range(12 * M, 128 * K), new Range(32 * M, 64 * K)), rx.covered(),
                    "data and zero frames are exactly the 64 KiB dirty blocks");
            assertEquals(List.of(new Range(3 * M, 64 * K), new Range(12 * M + 32 * K, 64 * K),
                    new Range(32 * M + 4 * K, 60 * K)), rx.ranges(FrameType.ZERO),
                    "zero-written and all-zero dirty ranges arrive as ZERO");
            assertEquals(List.of(), rx.ranges(FrameType.HOLE));
            assertTrue(Tools.sameContent(rebuilt, incImage), "previous state + incremental = current image");
            assertEquals(BackupLevel.INCREMENTAL, rx.header.get().level());
            assertEquals("point-0", rx.header.get().parentPointId());
            assertEquals(65536, rx.header.get().bitmapGranularity());
            assertEquals(rx.sha256.get(), r.sha256());
            // dirty blocks holding data are read whole; the cluster-aligned write -z at 3M is zero-flagged in
            // base:allocation, so it becomes a ZERO frame without being read
            assertEquals(64 * K + 128 * K + 128 * K + 64 * K, r.bytesRead(), "only dirty data was read");
        }
    }

    @Test
    void sparseImageLargerThan4GiB() throws Exception {
        Path big = dir.resolve("big.qcow2");
        Tools.createQcow2(big, "6G");
        Tools.qemuIo(big, "write -P 0x44 0 1M", "write -P 0x55 5G 64k");
        Path rebuilt = dir.resolve("big-rebuilt.raw");
        try (QemuNbd nbd = QemuNbd.start(dir, big, "big", null, 2);
             TestSink sink = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0, rebuilt)) {
            DiskReadResult r = reader(Compression.LZ4).start(request(nbd, BackupLevel.FULL, sink.port(), null))
                    .result().await(30, TimeUnit.SECONDS);
            RebuildingReceiver rx = sink.only();
            assertEquals(List.of(new Range(0, M), new Range(5 * G, 64 * K)), rx.ranges(FrameType.DATA));
            assertEquals(List.of(new Range(0, 6 * G)), rx.covered());
            assertEquals(6 * G, r.virtualSize());
            assertEquals(M + 64 * K, r.bytesRead());
            assertTrue(Tools.sameContent(rebuilt, big));
        }
    }

    @Test
    void sinkWithCertificateFromAnotherCaIsRefusedBeforeAnyData() throws Exception {
        Path rogue = dir.resolve("rogue");
        CertificateAuthority.initDirectory(rogue, List.of("bacula-bridge-svc"));
        try (TestSink sink = TestSink.start(vertx, TlsConfig.fromDirectory(rogue, "bacula-bridge-svc"), 0)) {
            Throwable e = failure(request(fullNbd, BackupLevel.FULL, sink.port(), null));
            assertInstanceOf(DiskReadException.class, e);
            assertTrue(e.getMessage().startsWith("disk scsi0: TLS failure: "), e.getMessage());
            assertInstanceOf(StreamAuthException.class, e.getCause());
            assertEquals(0, sink.receivers.size(), "no stream accepted");
        }
    }

    @Test
    void sinkWithAnotherPinnedFingerprintIsRefused() throws Exception {
        try (TestSink sink = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0)) {
            Throwable e = failure(request(fullNbd, BackupLevel.FULL, sink.port(), fingerprint("dr-receiver-svc")));
            assertTrue(e.getMessage().startsWith("disk scsi0: TLS failure: "), e.getMessage());
            assertTrue(sink.receivers.stream().allMatch(rx -> rx.frames.isEmpty() && rx.header.get() == null));
        }
    }

    /** A volume without change tracking in an incremental (a TPM state): copied whole, shadowing every older stream. */
    @Test
    void incrementalWithoutBitmapCopiesTheVolumeWhole() throws Exception {
        Path rebuilt = dir.resolve("whole-rebuilt.raw");
        try (TestSink sink = TestSink.start(vertx, sinkTls("bacula-bridge-svc"), 0, rebuilt)) {
            DiskReadRequest base = request(fullNbd, BackupLevel.INCREMENTAL, sink.port(), null);
            ExportInfo noBitmap = new ExportInfo(base.disk().export().socket(), null, 0, "full", null, 0);
            DiskReadRequest req = new DiskReadRequest("job-1", "lab/101", "cp-1", BackupLevel.INCREMENTAL, "p0",
                    new SnapshotDisk("scsi0", 0, "qcow2", noBitmap), base.sink());
            reader(Compression.NONE).start(req).result().await(30, TimeUnit.SECONDS);
            RebuildingReceiver rx = sink.only();
            assertEquals(List.of(), rx.ranges(FrameType.HOLE), "no range left to older streams");
            assertEquals(List.of(new Range(0, 64 * M)), rx.covered(), "data and zero frames cover the disk");
            assertTrue(Tools.sameContent(rebuilt, fullImage));
            assertEquals(BackupLevel.INCREMENTAL, rx.header.get().level());
            assertEquals("p0", rx.header.get().parentPointId());
        }
    }

    private static Throwable failure(DiskReadRequest request) throws Exception {
        try {
            reader(Compression.NONE).start(request).result().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            assertNotNull(c);
            return c;
        }
        throw new AssertionError("transfer succeeded");
    }
}
