package io.vmferry.convert;

import io.vmferry.testkit.images.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventType;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.ConversionCompleted;
import io.vmferry.bus.events.ConversionRequest;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.ServiceOnBus;
import io.vmferry.testkit.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The convert service over the real bus, and its mutual-TLS stream sink. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvertServiceIT {
    private static final long SIZE = 9 * TestImages.MIB + 1024;

    private Path tmp;
    private Path raw;
    private ServiceOnBus running;
    private Vertx vertx;
    private ConvertService service;
    private EventPublisher pub;
    private StreamSender sender;
    private final LinkedBlockingQueue<ConversionCompleted> answers = new LinkedBlockingQueue<>();

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path dir) throws Exception {
        tmp = dir;
        raw = TestImages.patternedRaw(tmp.resolve("disk.raw"), SIZE, 3);
        Path certs = tmp.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        VmferryConfig cfg = VmferryConfig.defaults().withTls(new TlsConfig(certs));
        service = new ConvertService();
        running = ServiceOnBus.start(kafka, service, cfg, List.of(EventType.CONVERSIONS_COMPLETED), e -> {
            answers.add(e.payloadAs(ConversionCompleted.class));
            return Future.succeededFuture();
        });
        vertx = running.vertx();
        pub = running.publisher();
        sender = new StreamSender(vertx, SenderOptions.of(
                io.vmferry.stream.api.transport.TlsConfig.fromDirectory(certs, "extent-reader-svc")));
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void convertsOnRequestAndAnswersWithSizeAndSha256() throws Exception {
        Path vmdk = tmp.resolve("disk.vmdk");
        TestImages.qemuImg("convert", "-O", "vmdk", raw.toString(), vmdk.toString());
        Path out = tmp.resolve("disk.vhdx");
        ConversionCompleted c = ask(new ConversionRequest(vmdk.toString(), out.toString(), null,
                Map.of("block_size", "8M")));
        assertTrue(c.ok(), c.error());
        assertNull(c.error());
        assertEquals("vhdx", c.format());
        assertEquals(out.toString(), c.target());
        assertEquals(SIZE, c.virtualSize());
        assertEquals(Files.size(out), c.outputBytes());
        assertEquals(FileHash.sha256(out), c.sha256());
        TestImages.assertSameContent(raw, out);
        TestImages.qemuImg("check", out.toString());
    }

    @Test
    void badSourceIsAnsweredWithTheReasonAndLeavesNothing() throws Exception {
        Path bad = tmp.resolve("bad.qcow2");
        Files.write(bad, "QFI\u00fb this is not a qcow2 header".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path out = tmp.resolve("bad.raw");
        ConversionCompleted c = ask(new ConversionRequest(bad.toString(), out.toString(), "raw", Map.of()));
        assertFalse(c.ok());
        assertTrue(c.error().startsWith(bad + ": "), c.error());
        assertFalse(Files.exists(out));
        TestStreams.assertNoLeftovers(tmp, "bad.raw");

        ConversionCompleted exists = ask(new ConversionRequest(raw.toString(), raw.toString(), "qcow2", Map.of()));
        assertFalse(exists.ok());
        assertEquals(raw + ": is the source itself", exists.error());
    }

    @Test
    void streamSinkWritesAFullBackupStraightIntoQcow2() throws Exception {
        Path out = tmp.resolve("restored.qcow2");
        StreamHeader h = StreamHeader.full("job-9", "lab/100", "scsi0", SIZE, Instant.now())
                .withMetadata(new JsonObject().put("convert", new JsonObject().put("target", out.toString())
                        .put("options", new JsonObject().put("cluster_size", "131072"))).encode());
        StreamAck ack = send(h);
        assertEquals(64, ack.sha256().length());
        TestImages.assertSameContent(raw, out);
        TestImages.qemuImg("check", out.toString());
        assertTrue(TestImages.qemuImg("info", out.toString()).contains("cluster_size: 131072"));

        StreamHeader again = h.withMetadata(h.metadataJson());
        ExecutionException exists = assertThrows(ExecutionException.class, () -> send(again));
        assertTrue(exists.getCause().getMessage().contains("exists"), exists.getCause().getMessage());

        StreamHeader nowhere = StreamHeader.full("job-9", "lab/100", "scsi1", SIZE, Instant.now());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(nowhere));
        assertTrue(refused.getCause().getMessage().contains("no \"convert\""), refused.getCause().getMessage());
    }

    private StreamAck send(StreamHeader h) throws Exception {
        FrameSource source = FrameSource.of(TestStreams.extents(raw));
        return sender.send(service.sink().host(), service.sink().port(), h, source)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private ConversionCompleted ask(ConversionRequest request) throws Exception {
        Envelope req = Envelope.create(EventType.CONVERSIONS_REQUESTED, "job-c", null, "test", request);
        pub.publish(req).await(10, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            ConversionCompleted c = answers.poll(1, TimeUnit.SECONDS);
            if (c != null && req.id().equals(c.requestId())) {
                return c;
            }
        }
        throw new AssertionError("no conversions.completed for " + req.id());
    }
}
