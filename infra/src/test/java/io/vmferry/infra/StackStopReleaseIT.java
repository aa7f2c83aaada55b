package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.inventory.InventoryService;
import io.vmferry.snapshot.SnapshotService;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.LabConfigs;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping the stack (SIGTERM, systemd stop) while a snapshot is held: the snapshot service releases it before its
 * Vert.x and QMP connections close, so QEMU is left with no export, job or fleecing node, and the job finishes as
 * failed with the reason. Before, the release started on stop but the service's Vert.x closed under it ("connection
 * closed by the peer") and everything stayed in QEMU until the next backup's clean-up.
 */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
class StackStopReleaseIT {
    @Test
    void stoppingTheStackReleasesAHeldSnapshotAndFailsItsJob(QemuLab lab, TestKafka kafka) throws Exception {
        Path certs = lab.root().resolve("certs");
        CertificateAuthority.initDirectory(certs);
        VmferryConfig cfg = LabConfigs.of(lab, kafka).withTls(new TlsConfig(certs));
        LabVm vm = lab.vm(621).name("held").disk("scsi0", "64M", "qcow2").start();
        // no extent reader and no destination: the snapshot is exported and then held, as while a reader reads it,
        // until the snapshot service itself stops
        Stack stack = Stack.start(cfg, List.of(InventoryService::new, SnapshotService::new), false);
        CompletableFuture<Map<String, JobFinished>> job = CompletableFuture.supplyAsync(() -> BackupJob.run(
                stack.bus(), new JobRequest("backup", "621", List.of(), "full", false, "local"), Duration.ofMinutes(2),
                (p, d, t) -> { }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (exports(vm).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the snapshot was never exported");
            Thread.sleep(100);
        }

        stack.close();

        JobFinished finished = job.get(60, TimeUnit.SECONDS).get("lab/621");
        assertFalse(finished.succeeded());
        assertEquals("service stopped", finished.message());
        assertEquals(new JsonArray(), exports(vm), "NBD exports left in QEMU");
        assertEquals(new JsonArray(), vm.qmp("query-jobs", new JsonObject()), "block jobs left in QEMU");
        JsonArray nodes = (JsonArray) vm.qmp("query-named-block-nodes", new JsonObject());
        assertTrue(nodes.stream().map(n -> ((JsonObject) n).getString("node-name")).noneMatch(n -> n.startsWith("vmferry")),
                nodes.encodePrettily());
    }

    private static JsonArray exports(LabVm vm) {
        return (JsonArray) vm.qmp("query-block-exports", new JsonObject());
    }
}
