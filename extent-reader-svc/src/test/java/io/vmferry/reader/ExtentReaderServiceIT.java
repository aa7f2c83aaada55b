package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.BackupConfig;
import io.vmferry.bus.config.BusConfig;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.events.JobProgress;
import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.bus.config.ServiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The reader service on the real bus: extents.requested in, jobs.progress and extents.completed out. */
@ExtendWith(KafkaExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExtentReaderServiceIT {
    private static final long M = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void readsTheRequestedDisksOnceAndReportsOverTheBus(TestKafka kafka) throws Exception {
        Path certs = dir.resolve("certs");
        var issued = CertificateAuthority.initDirectory(certs).issued();
        String sinkPin = issued.stream().filter(c -> c.name().equals("bacula-bridge-svc")).findFirst().orElseThrow()
                .fingerprint();
        Path image = dir.resolve("disk.qcow2");
        Tools.createQcow2(image, "32M");
        Tools.qemuIo(image, "write -P 0x61 0 3M", "write -P 0x62 20M 1M");

        BusOptions bus = kafka.bus(2);
        TopicSetup.ensureTopics(bus);
        VmferryConfig config = new VmferryConfig(null, null, new BusConfig(kafka.bootstrapServers(), 2),
                new BackupConfig(null, 2, true, null), new TlsConfig(certs), Map.of("reader", new ServiceConfig(0)));
        Vertx vertx = Vertx.vertx();
        try (QemuNbd nbd = QemuNbd.start(dir, image, "svc", null, 2);
             TestSink sink = TestSink.start(vertx,
                     io.vmferry.stream.api.transport.TlsConfig.fromDirectory(certs, "bacula-bridge-svc"), 0)) {
            ServiceRunner runner = new ServiceRunner(vertx);
            int httpPort = runner.start(new ExtentReaderService(), config, bus, false).await(30, TimeUnit.SECONDS)
                    .httpPort();
            String vmKey = "lab/" + (200 + (int) (Math.random() * 700));
            String jobId = UUID.randomUUID().toString();
            BlockingQueue<Envelope> seen = new LinkedBlockingQueue<>();
            EventPublisher pub = EventPublisher.create(vertx, bus, "test");
            EventSubscriber events = EventSubscriber.start(vertx, bus, "reader-test-" + jobId,
                    List.of(EventType.EXTENTS_COMPLETED, EventType.JOBS_PROGRESS), e -> {
                        if (vmKey.equals(e.vmKey())) {
                            seen.add(e);
                        }
                        return Future.succeededFuture();
                    }, pub, null).await(30, TimeUnit.SECONDS);

            ExtentsRequest req = new ExtentsRequest("cp-1", "full", null,
                    new SinkAddress("127.0.0.1", sink.port(), sinkPin), List.of(new SnapshotDisk("virtio0", 32 * M,
                    "qcow2", new ExportInfo(nbd.socket().toString(), null, 0, "svc", null, 0))));
            pub.publish(EventType.EXTENTS_REQUESTED, jobId, vmKey, req).await(10, TimeUnit.SECONDS);

            ExtentsCompleted done = null;
            JobProgress lastProgress = null;
            // jobs.progress and extents.completed are two topics: no order between them, wait for both
            while (done == null || lastProgress == null || lastProgress.bytesDone() < lastProgress.bytesTotal()) {
                Envelope e = seen.poll(60, TimeUnit.SECONDS);
                if (e == null) {
                    throw new AssertionError("no extents.completed and final progress within 60 s: " + done + ", "
                            + lastProgress);
                }
                assertEquals(jobId, e.jobId());
                if (e.type().equals(EventType.JOBS_PROGRESS.type())) {
                    lastProgress = e.payloadAs(JobProgress.class);
                } else {
                    done = e.payloadAs(ExtentsCompleted.class);
                }
            }
            assertTrue(done.ok(), done.error());
            assertNull(done.error());
            assertEquals("cp-1", done.checkpoint());
            DiskResult disk = done.disks().get(0);
            assertEquals("virtio0", disk.disk());
            assertEquals(32 * M, disk.virtualSize());
            assertEquals(4 * M, disk.bytesRead());
            assertTrue(disk.bytesStored() > 0 && disk.bytesStored() < 4 * M, "LZ4 on: " + disk.bytesStored());
            assertEquals(sink.only().sha256.get(), disk.sha256());
            assertEquals(new JobProgress("virtio0", "reading", 4 * M, 4 * M), lastProgress);

            // the same checkpoint again (a new event id) is ignored; another checkpoint is read
            pub.publish(EventType.EXTENTS_REQUESTED, jobId, vmKey, req).await(10, TimeUnit.SECONDS);
            ExtentsRequest other = new ExtentsRequest("cp-2", "full", null, req.sink(), req.disks());
            pub.publish(EventType.EXTENTS_REQUESTED, jobId, vmKey, other).await(10, TimeUnit.SECONDS);
            ExtentsCompleted second = null;
            while (second == null) {
                Envelope e = seen.poll(60, TimeUnit.SECONDS);
                if (e != null && e.type().equals(EventType.EXTENTS_COMPLETED.type())) {
                    second = e.payloadAs(ExtentsCompleted.class);
                }
            }
            assertEquals("cp-2", second.checkpoint(), "cp-1 was not read twice");
            assertEquals(2, sink.receivers.size());
            assertFalse(seen.stream().anyMatch(e -> e.type().equals(EventType.EXTENTS_COMPLETED.type())));
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("vmferry_reader_read_bytes_total{service=\"reader\"} 8388608.0"), metrics);
            assertTrue(metrics.contains("vmferry_reader_disks_total{outcome=\"completed\",service=\"reader\"} 2.0"),
                    metrics);
            runner.stopAll().await(30, TimeUnit.SECONDS);
            events.close().await(10, TimeUnit.SECONDS);
            pub.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
