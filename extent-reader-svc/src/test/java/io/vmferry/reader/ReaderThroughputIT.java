package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of one disk, NBD (qemu-nbd, unix socket) to a TLS sink on loopback, against
 * {@code nbdcopy} to {@code null:} in the same run. Opt-in: {@code -Dvmferry.bench=true}
 * ({@code -Dvmferry.bench.mib=1024} sets the image's random data size).
 */
@EnabledIfSystemProperty(named = "vmferry.bench", matches = "true")
class ReaderThroughputIT {
    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int mib = Integer.getInteger("vmferry.bench.mib", 1024);
        Path certs = dir.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        Path raw = dir.resolve("src.raw");
        Tools.run("sh", "-c", "head -c " + mib + "M /dev/urandom > " + raw);
        Path image = dir.resolve("src.qcow2");
        Tools.run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), image.toString());
        Vertx vertx = Vertx.vertx();
        try (QemuNbd nbd = QemuNbd.start(dir, image, "bench", null, 4);
             TestSink sink = TestSink.start(vertx, TlsConfig.fromDirectory(certs, "bacula-bridge-svc"), 0)) {
            long bytes = (long) mib << 20;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                Tools.run("nbdcopy", "nbd+unix:///bench?socket=" + nbd.socket(), "null:");
                report("nbdcopy -> null:", bytes, t0);
                for (Compression c : new Compression[] {Compression.NONE, Compression.LZ4}) {
                    DiskReader reader = new DiskReader(vertx, TlsConfig.fromDirectory(certs, "extent-reader-svc"),
                            EncoderOptions.DEFAULT.withCompression(c), ReaderOptions.DEFAULT, ReaderMetrics.detached());
                    DiskReadRequest req = new DiskReadRequest("bench", "lab/1", "cp", BackupLevel.FULL, null,
                            new SnapshotDisk("scsi0", bytes, "qcow2",
                                    new ExportInfo(nbd.socket().toString(), null, 0, "bench", null, 0)),
                            new SinkAddress("127.0.0.1", sink.port(), null));
                    t0 = System.nanoTime();
                    DiskReadResult r = reader.start(req).result().await(300, TimeUnit.SECONDS);
                    report("reader -> TLS sink, " + c, bytes, t0);
                    assertEquals(bytes, r.bytesRead());
                }
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static void report(String what, long bytes, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH %-32s %6.0f MB/s (%.2f s)%n", what, bytes / 1e6 / s, s);
    }
}
