package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.bridge.BridgeService;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.inventory.InventoryService;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.reader.ExtentReaderService;
import io.vmferry.snapshot.SnapshotService;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.LabLeftovers;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack killed ({@code kill -9}: OOM killer, power loss of the backup host's process) while it holds a snapshot it
 * has announced, on a broker that outlives it. The next backup, by a new stack, still holds every change made before
 * and after the crash (the chain restores to the disk exactly) and comes within seconds, not after Kafka's default
 * 45 s session timeout of the dead stack's consumers. A running VM's leftovers in QEMU are cleaned up; a stopped VM's
 * {@code qemu-nbd} ends with the killed JVM, so the VM can start at once.
 */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
class StackCrashIT {
    private static final long M = 1 << 20;

    @Test
    void aStackKilledWhileHoldingARunningVmsSnapshotLosesNoChange(QemuLab lab, TestKafka kafka) throws Exception {
        LabVm vm = lab.vm(631).name("crash").disk("scsi0", "64M", "qcow2").start();
        Path yaml = TestYaml.lab(lab, kafka, lab.root().resolve("repo"), "");
        VmferryConfig cfg = ConfigLoader.load(yaml);
        vm.writePattern("scsi0", 0x11, 0, 4 * M);
        assertSucceeded(backup(cfg, 631, "full"));
        vm.writePattern("scsi0", 0x22, 8 * M + 4096, 100 * 1024);      // before the crashed backup

        String killedJob = crashWhileHolding(cfg, yaml, kafka, 631);

        assertEquals(1, exports(vm).size(), "the killed stack left its export in QEMU");
        vm.writePattern("scsi0", 0x33, 20 * M, 64 * 1024);             // while nobody holds the snapshot
        try (BusClient client = new BusClient(cfg.bus().options(kafka.bootstrapServers()),
                List.of(EventType.JOBS_FINISHED));
             Stack restarted = Stack.start(cfg, List.of(InventoryService::new, SnapshotService::new), false)) {
            // released when the snapshot service starts, not at the VM's next backup: until then every guest write
            // went through the copy-before-write filter into the fleecing overlay
            LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));
            // and whoever follows the killed job on the bus learns how it ended
            JobFinished killed = client.await(e -> killedJob.equals(e.jobId()), Duration.ofSeconds(30),
                    "jobs.finished of the killed job").payloadAs(JobFinished.class);
            assertEquals("failed", killed.status());
            assertTrue(killed.message().startsWith("the process that held snapshot "), killed.message());
        }
        vm.writeZeroes("scsi0", 1 * M, 128 * 1024);
        JobFinished inc = backupSoonAfterTheCrash(cfg, 631);
        LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));
        assertRestoresExactly(lab, yaml, vm, inc);
    }

    @Test
    void aStackKilledWhileExportingAStoppedVmLetsTheVmStart(QemuLab lab, TestKafka kafka) throws Exception {
        LabVm vm = lab.vm(632).name("crashoff").disk("scsi0", "64M", "qcow2").create();
        Path yaml = TestYaml.lab(lab, kafka, lab.root().resolve("repo"), "");
        VmferryConfig cfg = ConfigLoader.load(yaml);
        vm.writePattern("scsi0", 0x44, 2 * M, 3 * M);
        assertSucceeded(backup(cfg, 632, "full"));
        vm.writePattern("scsi0", 0x55, 30 * M, 64 * 1024);

        crashWhileHolding(cfg, yaml, kafka, 632);

        String image = vm.disk("scsi0").path().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .filter(c -> c.contains("qemu-nbd") && c.contains(image)).isPresent())) {
            assertTrue(System.nanoTime() < deadline, "qemu-nbd outlived the killed stack and holds " + image);
            Thread.sleep(100);
        }
        vm.start(); // needs the image's write lock
        vm.writePattern("scsi0", 0x66, 40 * M, 64 * 1024);
        JobFinished inc = backupSoonAfterTheCrash(cfg, 632);
        assertRestoresExactly(lab, yaml, vm, inc);
    }

    /**
     * A stack of only the inventory and snapshot services in a child JVM takes an incremental of the VM, announces
     * it ({@code snapshots.ready}, as when a reader was streaming it) and is killed with SIGKILL: no shutdown hook,
     * no release. Its events stay on the bus for the next stack's destination and reader. Returns the job's id.
     */
    private static String crashWhileHolding(VmferryConfig cfg, Path yaml, TestKafka kafka, int vmid) throws Exception {
        Process holder = new ProcessBuilder(ChildJvm.command(SnapshotHolderMain.class, yaml.toString()))
                .redirectErrorStream(true).start();
        String jobId = UUID.randomUUID().toString();
        try {
            awaitLine(holder, "holder ready");
            try (BusClient client = new BusClient(cfg.bus().options(kafka.bootstrapServers()),
                    List.of(EventType.SNAPSHOTS_READY))) {
                client.publish(Envelope.create(EventType.JOBS_REQUESTED, jobId, null, "test",
                        new JobRequest("backup", Integer.toString(vmid), List.of(), "incremental", false, "local")));
                client.await(e -> jobId.equals(e.jobId()), Duration.ofSeconds(60), "snapshots.ready of the job");
            }
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        return jobId;
    }

    /** An incremental by a new stack; the dead stack's consumers must not hold it up for 45 s. */
    private static JobFinished backupSoonAfterTheCrash(VmferryConfig cfg, int vmid) {
        long start = System.nanoTime();
        JobFinished inc = backup(cfg, vmid, "incremental");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertSucceeded(inc);
        assertTrue(seconds < 30, "the backup after the crash took " + seconds + " s");
        assertEquals("incremental", inc.level(), "QEMU's bitmaps are sound: " + inc.levelReason());
        return inc;
    }

    private static void assertRestoresExactly(QemuLab lab, Path yaml, LabVm vm, JobFinished point) throws Exception {
        Path expected = lab.root().resolve("expected-" + vm.vmid() + ".raw");
        vm.copyDiskAsRaw("scsi0", expected);
        Path restored = lab.root().resolve("restored-" + vm.vmid() + ".raw");
        CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", Integer.toString(vm.vmid()), "--disk",
                "scsi0", "--point", point.pointId(), "--to", restored.toString());
        assertEquals(0, r.code(), r.err());
        QemuImg.run(List.of("qemu-img", "compare", "-q", "-f", "raw", "-F", "raw", expected.toString(),
                restored.toString()));
    }

    /** One backup of a VM by a stack of its own (in this JVM), stopped afterwards. */
    private static JobFinished backup(VmferryConfig cfg, int vmid, String level) {
        try (Stack stack = Stack.start(cfg, List.of(InventoryService::new, SnapshotService::new,
                ExtentReaderService::new, BridgeService::new), false)) {
            return BackupJob.run(stack.bus(), new JobRequest("backup", Integer.toString(vmid), List.of(), level, false,
                    "local"), Duration.ofMinutes(2), (p, d, t) -> { }).get("lab/" + vmid);
        }
    }

    private static void assertSucceeded(JobFinished f) {
        assertTrue(f.succeeded(), f.status() + ": " + f.message());
    }

    private static void awaitLine(Process p, String line) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String l;
        while ((l = out.readLine()) != null && !l.equals(line)) {
            log.append(l).append('\n');
        }
        assertTrue(l != null, "the child never printed \"" + line + "\":\n" + log);
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(System.err::println));
    }

    private static JsonArray exports(LabVm vm) {
        return (JsonArray) vm.qmp("query-block-exports", new JsonObject());
    }
}
