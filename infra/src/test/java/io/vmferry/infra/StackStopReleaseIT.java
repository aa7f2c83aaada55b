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
import io.vmferry.snapshot.SnapshotFaults;
import io.vmferry.snapshot.SnapshotService;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.LabConfigs;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.LabLeftovers;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping the stack (SIGTERM, systemd stop) while a snapshot is held, or still being taken: the snapshot service
 * releases it (after the preparation ended) before its Vert.x and QMP connections close, so QEMU is left with no
 * export, job or fleecing node, and the job finishes as failed with the reason. Before, the release started on stop
 * but the service's Vert.x closed under it ("connection closed by the peer") and everything stayed in QEMU until the
 * next backup's clean-up; a snapshot being taken was released while its preparation went on.
 */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
class StackStopReleaseIT {
    @Test
    void stoppingTheStackReleasesAHeldSnapshotAndFailsItsJob(QemuLab lab, TestKafka kafka) throws Exception {
        LabVm vm = lab.vm(621).name("held").disk("scsi0", "64M", "qcow2").start();
        // no extent reader and no destination: the snapshot is exported and then held, as while a reader reads it,
        // until the snapshot service itself stops
        Stack stack = Stack.start(config(lab, kafka), List.of(InventoryService::new, SnapshotService::new), false);
        CompletableFuture<Map<String, JobFinished>> job = backup(stack, "621");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (exports(vm).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the snapshot was never exported");
            Thread.sleep(100);
        }

        stack.close();

        assertStoppedAndClean(job, vm, "lab/621", lab.root().resolve("fleece"));
    }

    @Test
    void stoppingTheStackWhileASnapshotIsTakenReleasesItAfterwards(QemuLab lab, TestKafka kafka) throws Exception {
        LabVm vm = lab.vm(622).name("taking").disk("scsi0", "64M", "qcow2").start();
        CountDownLatch transactionDone = new CountDownLatch(1);
        SnapshotFaults slowExport = stage -> {
            if (stage.equals("after-transaction")) {
                transactionDone.countDown();
                Thread.sleep(1500); // the stop arrives here, between the QMP transaction and the export
            }
        };
        Stack stack = Stack.start(config(lab, kafka), List.of(InventoryService::new,
                () -> new SnapshotService(slowExport)), false);
        CompletableFuture<Map<String, JobFinished>> job = backup(stack, "622");
        assertTrue(transactionDone.await(60, TimeUnit.SECONDS), "the snapshot transaction never ran");

        stack.close();

        assertStoppedAndClean(job, vm, "lab/622", lab.root().resolve("fleece"));
    }

    private static VmferryConfig config(QemuLab lab, TestKafka kafka) throws Exception {
        Path certs = lab.root().resolve("certs");
        if (!Files.exists(certs)) {
            CertificateAuthority.initDirectory(certs);
        }
        return LabConfigs.of(lab, kafka).withTls(new TlsConfig(certs));
    }

    private static CompletableFuture<Map<String, JobFinished>> backup(Stack stack, String vmid) {
        return CompletableFuture.supplyAsync(() -> BackupJob.run(stack.bus(), new JobRequest("backup", vmid, List.of(),
                "full", false, "local"), Duration.ofMinutes(2), (p, d, t) -> { }));
    }

    /** The job failed because the service stopped, and QEMU and the fleece directory hold nothing of the snapshot. */
    private static void assertStoppedAndClean(CompletableFuture<Map<String, JobFinished>> job, LabVm vm, String key,
                                              Path fleece) throws Exception {
        JobFinished finished = job.get(60, TimeUnit.SECONDS).get(key);
        assertFalse(finished.succeeded());
        assertEquals("service stopped", finished.message());
        LabLeftovers.assertNone(vm, fleece);
    }

    private static JsonArray exports(LabVm vm) {
        return (JsonArray) vm.qmp("query-block-exports", new JsonObject());
    }
}
