package io.vmferry.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.BusConfig;
import io.vmferry.bus.config.ReceiverConfig;
import io.vmferry.bus.config.ServiceConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.stream.api.transport.TlsConfig;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The receiver run by the service runner over the real bus: ready, healthy, and applying a stream. */
@ExtendWith(KafkaExtension.class)
class ReceiverServiceIT {

    @Test
    void startsOverTheBusAnswersHealthAndKeepsAReplica(TestKafka kafka, @TempDir Path tmp) throws Exception {
        Path certs = tmp.resolve("certs");
        CertificateAuthority.initDirectory(certs);
        Path image = TestImages.edit(TestImages.create(tmp.resolve("a.raw"), ReplicationIT.SIZE), "write -P 0x5a 2M 1M");
        var bus = kafka.bus(2);
        TopicSetup.ensureTopics(bus);
        VmferryConfig cfg = new VmferryConfig(null, null, new BusConfig(kafka.bootstrapServers(), 2), null,
                new io.vmferry.bus.config.TlsConfig(certs), Map.of("receiver", new ServiceConfig(0)),
                new ReceiverConfig(tmp.resolve("replicas"), 0));
        Vertx vertx = Vertx.vertx();
        try {
            ServiceRunner runner = new ServiceRunner(vertx);
            ReceiverService service = new ReceiverService();
            ServiceRunner.Started started = runner.start(service, cfg, bus, false).await(30, TimeUnit.SECONDS);
            var http = vertx.createHttpClient();
            var health = http.request(HttpMethod.GET, started.httpPort(), "127.0.0.1", "/health")
                    .compose(req -> req.send()).compose(resp -> resp.body().map(body -> resp.statusCode() + " " + body))
                    .await(10, TimeUnit.SECONDS);
            assertEquals("200 {\"service\":\"receiver\",\"status\":\"UP\"}", health);

            StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "extent-reader-svc")));
            sender.send("127.0.0.1", service.sinkPort(), ReplicationIT.header(BackupLevel.FULL, "p1", null),
                    FrameSource.of(TestImages.full(image))).await(30, TimeUnit.SECONDS);
            assertTrue(TestImages.same(service.store().layout().replica(ReplicationIT.VM, "scsi0"), image));
            runner.stopAll().await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
