package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vmferry.bridge.BridgeService;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.service.VmferryService;
import io.vmferry.inventory.InventoryService;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.reader.ExtentReaderService;
import io.vmferry.snapshot.SnapshotService;
import io.vmferry.snapshot.Snapshots;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product end to end through the CLI against a running stack (real Kafka, real QEMU): a VM
 * with two disks (one sparse and larger than 4 GiB) backed up full, incremental, incremental,
 * differential; every point of every disk restored and equal to the disk at that moment.
 */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreIT {
    private static final long M = 1 << 20;
    private QemuLab lab;
    private Stack stack;
    private Path yaml;
    private LabVm vm;

    @BeforeAll
    void stack(QemuLab lab, TestKafka kafka) throws IOException {
        this.lab = lab;
        yaml = TestYaml.lab(lab, kafka, lab.root().resolve("repo"), ", memory-tracking: true", "");
        VmferryConfig cfg = ConfigLoader.load(yaml);
        List<Supplier<VmferryService>> services = List.of(InventoryService::new,
                () -> new SnapshotService(stage -> {
                    if (stage.equals("after-export") && Files.exists(lab.root().resolve("slow"))) {
                        Thread.sleep(3000);
                    }
                }, Duration.ofSeconds(1)), ExtentReaderService::new, BridgeService::new);
        stack = Stack.start(cfg, services, false);
        vm = lab.vm(601).name("app1").disk("scsi0", "6G", "qcow2").disk("virtio1", "256M", "qcow2").start();
        lab.vm(602).name("app2").disk("scsi0", "256M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        lab.vm(603).name("app3").disk("scsi0", "256M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        lab.vm(604).name("app4").disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        lab.vm(605).name("app5").disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        lab.vm(606).name("app6").disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        Path tpm = lab.root().resolve("vm-607-tpm.raw");
        QemuImg.run(List.of("qemu-img", "create", "-q", "-f", "raw", tpm.toString(), "4M"));
        QemuImg.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x42 0 64k", tpm.toString()));
        lab.vm(610).name("app10").disk("scsi0", "16M", "qcow2").disk("virtio1", "16M", "qcow2").start();
        lab.vm(608).name("app8").disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        lab.vm(607).name("app7").disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "qcow2")
                .option("tpmstate0", tpm + ",size=4M,version=v2.0").start();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void chainOfBackupsRestoresEveryPointExactly() throws Exception {
        List<String[]> points = new ArrayList<>();
        vm.writePattern("scsi0", 0x11, 0, 4 * M);
        vm.writePattern("scsi0", 0x12, 5L * 1024 * M + 64 * 1024, 3 * M);   // beyond 4 GiB
        vm.writePattern("virtio1", 0x13, 100 * M, M);
        points.add(backup("full"));
        vm.writePattern("scsi0", 0x21, 2 * M, 64 * 1024);
        vm.writeZeroes("virtio1", 100 * M + 64 * 1024, 128 * 1024);
        points.add(backup("incremental"));
        vm.writePattern("scsi0", 0x31, 5L * 1024 * M, 128 * 1024);
        points.add(backup("incremental"));
        vm.writePattern("virtio1", 0x41, 0, 512 * 1024);
        points.add(backup("differential"));

        CliRun list = CliRun.run("--config", yaml.toString(), "points", "--vm", "601", "--json");
        assertEquals(0, list.code(), list.err());
        var json = new JsonObject(list.out()).getJsonArray("points");
        assertEquals(List.of("full", "incremental", "incremental", "differential"),
                json.stream().map(o -> ((JsonObject) o).getString("level")).toList());
        assertEquals(points.get(0)[0], json.getJsonObject(3).getString("parent"), "differential builds on the full");

        for (String[] p : points) {
            for (String disk : List.of("scsi0", "virtio1")) {
                Path out = lab.root().resolve("restore-" + p[0] + "-" + disk + ".raw");
                CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "601", "--disk", disk,
                        "--point", p[0], "--to", out.toString());
                assertEquals(0, r.code(), r.err());
                compare(Path.of(p[1] + "-" + disk + ".raw"), out, "raw");
            }
        }
        Path qcow = lab.root().resolve("restore-latest.qcow2");
        CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "601", "--disk", "scsi0", "--to",
                qcow.toString(), "--format", "qcow2");
        assertEquals(0, r.code(), r.err());
        compare(Path.of(points.get(3)[1] + "-scsi0.raw"), qcow, "qcow2");
        assertTrue(Files.size(lab.root().resolve("restore-" + points.get(0)[0] + "-scsi0.raw")) == 6L * 1024 * M);

        // retention: the differential is kept with the full it needs, the incrementals go
        CliRun refused = CliRun.run("--config", yaml.toString(), "prune", "--vm", "601");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.errorLine().startsWith("vmferry: a retention policy must keep something"));
        CliRun unknown = CliRun.run("--config", yaml.toString(), "prune", "--vm", "699", "--keep-last", "1");
        assertEquals(1, unknown.code(), unknown.err());
        assertEquals("vmferry: no restore points of VM 699 in " + lab.root().resolve("repo"), unknown.errorLine());
        CliRun dry = CliRun.run("--config", yaml.toString(), "prune", "--vm", "601", "--keep-last", "1", "--dry-run",
                "--json");
        assertEquals(0, dry.code(), dry.err());
        assertEquals(List.of(true, false, false, true), new JsonObject(dry.out()).getJsonArray("points").stream()
                .map(o -> ((JsonObject) o).getBoolean("keep")).toList());
        CliRun prune = CliRun.run("--config", yaml.toString(), "prune", "--vm", "601", "--keep-last", "1");
        assertEquals(0, prune.code(), prune.err());
        CliRun left = CliRun.run("--config", yaml.toString(), "points", "--vm", "601", "--json");
        assertEquals(List.of(points.get(0)[0], points.get(3)[0]), new JsonObject(left.out()).getJsonArray("points")
                .stream().map(o -> ((JsonObject) o).getString("id")).toList());
        Path after = lab.root().resolve("restore-after-prune.raw");
        CliRun again = CliRun.run("--config", yaml.toString(), "restore", "--vm", "601", "--disk", "virtio1", "--to",
                after.toString());
        assertEquals(0, again.code(), again.err());
        compare(Path.of(points.get(3)[1] + "-virtio1.raw"), after, "raw");
        CliRun verify = CliRun.run("--config", yaml.toString(), "verify", "--vm", "601");
        assertEquals(0, verify.code(), verify.err());
    }

    @Test
    void secondBackupOfABusyVmIsRefused() throws Exception {
        backup(602, "full");
        Files.writeString(lab.root().resolve("slow"), "");
        try {
            var first = CompletableFuture.supplyAsync(() -> BackupJob.run(stack.bus(), new JobRequest("backup",
                    "602", List.of(), "incremental", false, "local"), Duration.ofMinutes(5), (p, d, t) -> { }));
            Thread.sleep(1500);
            CliRun second = runBackupAlongside();
            JobFinished one = first.join().get("lab/602");
            assertTrue(one.succeeded(), one.message());
            assertEquals(1, second.code(), second.err());
            assertTrue(second.errorLine().startsWith("vmferry: lab/602: a backup of VM lab/602 is already running "
                    + "(job "), second.errorLine());
        } finally {
            Files.delete(lab.root().resolve("slow"));
        }
    }

    @Test
    void aBackupsOwnRateLimitAndRetentionHoldAndThePointRestores() throws Exception {
        CliRun negative = CliRun.run("--config", yaml.toString(), "backup", "--vm", "610", "--level", "full",
                "--rate-limit-mib", "-1");
        assertEquals(2, negative.code(), negative.err());
        assertEquals("vmferry: --rate-limit-mib cannot be negative: -1", negative.errorLine());
        CliRun keepNegative = CliRun.run("--config", yaml.toString(), "backup", "--vm", "610", "--level", "full",
                "--keep-last", "-2");
        assertEquals(2, keepNegative.code(), keepNegative.err());
        assertEquals("vmferry: --keep-last, --keep-daily, --keep-weekly, --keep-monthly cannot be negative",
                keepNegative.errorLine());

        LabVm app10 = lab.get(610);
        app10.writePattern("scsi0", 0x61, 0, 4 * M);
        app10.writePattern("virtio1", 0x62, 4 * M, 4 * M);
        long t0 = System.nanoTime();
        CliRun unlimited = CliRun.run("--config", yaml.toString(), "backup", "--vm", "610", "--level", "full");
        long t1 = System.nanoTime();
        CliRun r = CliRun.run("--config", yaml.toString(), "backup", "--vm", "610", "--level", "full",
                "--rate-limit-mib", "2", "--keep-last", "1", "--json");
        long t2 = System.nanoTime();
        assertEquals(0, unlimited.code(), unlimited.err());
        assertEquals(0, r.code(), r.err());
        // 8 MiB at 2 MiB/s over both disks: the last read (at most 1 MiB) starts no sooner than 3.4 s in (4 s, less
        // its own share and the 0.1 s the reads may run ahead); unlimited the reads take a fraction of a second of a
        // full's ~2 s (the first in a JVM takes longer)
        double without = (t1 - t0) / 1e9;
        double with = (t2 - t1) / 1e9;
        String took = "took " + with + " s at 2 MiB/s, " + without + " s without a limit";
        assertTrue(with >= 3.3, took);
        assertTrue(with - without >= 1.2, took);
        String point = new JsonObject(r.out()).getJsonObject("vms").getJsonObject("lab/610").getString("pointId");
        // the job's keep-last 1 removes the unlimited full once the new point is reported
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Object> ids;
        do {
            Thread.sleep(100);
            CliRun points = CliRun.run("--config", yaml.toString(), "points", "--vm", "610", "--json");
            ids = new JsonObject(points.out()).getJsonArray("points").stream()
                    .map(o -> ((JsonObject) o).getString("id")).map(Object.class::cast).toList();
        } while (ids.size() > 1 && System.nanoTime() < deadline);
        assertEquals(List.of(point), ids);
        for (String disk : List.of("scsi0", "virtio1")) {
            Path expected = lab.root().resolve("expected-610-" + disk + ".raw");
            app10.copyDiskAsRaw(disk, expected);
            Path out = lab.root().resolve("restore-610-" + disk + ".raw");
            CliRun restored = CliRun.run("--config", yaml.toString(), "restore", "--vm", "610", "--disk", disk,
                    "--point", point, "--to", out.toString());
            assertEquals(0, restored.code(), restored.err());
            compare(expected, out, "raw");
        }
    }

    @Test
    void corruptStreamIsRefusedWithOneLineAndNoOutput() throws Exception {
        lab.get(603).writePattern("scsi0", 0x55, 0, 2 * M);
        String[] p = backup(603, "full");
        CliRun intact = CliRun.run("--config", yaml.toString(), "verify", "--vm", "603", "--json");
        assertEquals(0, intact.code(), intact.err());
        JsonObject report = new JsonObject(intact.out());
        assertEquals(1, report.getInteger("verified"));
        assertEquals(0, report.getInteger("damaged"));
        assertEquals(List.of(true, true), report.getJsonArray("points").getJsonObject(0).getJsonArray("disks").stream()
                .map(d -> ((JsonObject) d).getBoolean("ok")).toList());
        CliRun listed = CliRun.run("--config", yaml.toString(), "points", "--vm", "603", "--json");
        assertTrue(new JsonObject(listed.out()).getJsonObject("verifications").getJsonObject(p[0]).getBoolean("ok"),
                listed.out());
        CliRun usage = CliRun.run("--config", yaml.toString(), "verify", "--point", p[0]);
        assertEquals(2, usage.code(), usage.err());
        assertEquals("vmferry: --point needs --vm", usage.errorLine());
        Path stream;
        try (Stream<Path> s = Files.walk(lab.root().resolve("repo"))) {
            stream = s.filter(f -> f.toString().contains(p[0]) && f.getFileName().toString().equals("scsi0.vfs"))
                    .findFirst().orElseThrow();
        }
        try (var ch = java.nio.channels.FileChannel.open(stream, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 4096);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            ch.write(b, 4096);
        }
        CliRun damaged = CliRun.run("--config", yaml.toString(), "verify", "--vm", "603");
        assertEquals(1, damaged.code(), damaged.err());
        assertTrue(damaged.errorLine().startsWith("vmferry: 1 of 1 restore points damaged; first: lab/603 " + p[0]
                + ": stream " + p[0] + "/scsi0.vfs is corrupt: crc32c mismatch in data frame seq="),
                damaged.errorLine());
        Path out = lab.root().resolve("corrupt.raw");
        CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "603", "--disk", "scsi0", "--point",
                p[0], "--to", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.errorLine().startsWith("vmferry: restore of lab/603 scsi0 at " + p[0] + ": "), r.errorLine());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(lab.root())) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("corrupt.raw")), "no partial output");
        }
    }

    @Test
    void restoreTargetsThatCannotBeWrittenAreUsageErrors() throws Exception {
        Path existing = lab.root().resolve("existing.raw");
        Files.writeString(existing, "keep");
        CliRun taken = CliRun.run("--config", yaml.toString(), "restore", "--vm", "601", "--disk", "scsi0", "--to",
                existing.toString());
        assertEquals(2, taken.code(), taken.err());
        assertEquals("vmferry: " + existing + " already exists", taken.errorLine());
        assertEquals("keep", Files.readString(existing));

        Path nowhere = lab.root().resolve("no/such/dir/disk.raw");
        CliRun missing = CliRun.run("--config", yaml.toString(), "restore", "--vm", "601", "--disk", "scsi0", "--to",
                nowhere.toString());
        assertEquals(2, missing.code(), missing.err());
        assertEquals("vmferry: --to " + nowhere + ": directory " + nowhere.getParent() + " does not exist",
                missing.errorLine());
    }

    /**
     * Two repository disks rotated under one mount point: the backup after a swap must not build on the newest point
     * of the disk now mounted, because QEMU's tracked changes start at the last backup, which went to the other disk.
     */
    @Test
    void anIncrementalAfterBackupsToAnotherRepositoryIsAFull() throws Exception {
        LabVm app4 = lab.get(604);
        Path repo = lab.root().resolve("repo");
        Path parked = lab.root().resolve("repo-parked");
        app4.writePattern("scsi0", 0x70, 0, M);
        String full = backup(604, "full")[0];
        Files.move(repo, parked);                                      // swap in an empty disk
        assertEquals("full", backupJson(604, "incremental").getString("level"));
        app4.writePattern("scsi0", 0x71, 8 * M, 64 * 1024);            // goes to the other disk only
        assertEquals("incremental", backupJson(604, "incremental").getString("level"));
        Files.move(repo, lab.root().resolve("repo-other"));
        Files.move(parked, repo);                                      // the first disk is back
        app4.writePattern("scsi0", 0x72, 16 * M, 64 * 1024);

        JsonObject result = backupJson(604, "incremental");
        assertEquals("full", result.getString("level"), "an incremental on " + full + " would miss the 0x71 write");
        assertTrue(result.getString("levelReason").matches("incremental upgraded to full: the changes QEMU tracked "
                + "start at point \\S+, which this repository does not have \\(.*"), result.getString("levelReason"));
        Path expected = lab.root().resolve("expected-app4.raw");
        app4.copyDiskAsRaw("scsi0", expected);
        Path out = lab.root().resolve("restore-app4.raw");
        CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "604", "--disk", "scsi0", "--to",
                out.toString());
        assertEquals(0, r.code(), r.err());
        compare(expected, out, "raw");

        app4.writePattern("scsi0", 0x73, 24 * M, 64 * 1024);
        JsonObject diff = backupJson(604, "differential");
        assertEquals("differential", diff.getString("level"), diff.getString("levelReason"));
        JsonObject stored = new JsonObject(CliRun.run("--config", yaml.toString(), "points", "--vm", "604", "--json")
                .out()).getJsonArray("points").getJsonObject(2);
        assertEquals(result.getString("pointId"), stored.getString("parent"),
                "builds on the full stored after the swap");
    }

    /**
     * QEMU reverts no qcow2 snapshot while the image has any dirty bitmap (Proxmox's {@code qm rollback} fails with
     * "Device has active dirty bitmaps"): {@code untrack} removes vmferry's, from a stopped and from a running VM,
     * and the next backup is a full that says why.
     */
    @Test
    void untrackLetsQemuRevertASnapshotAndTheNextBackupIsAFull() throws Exception {
        LabVm app5 = lab.get(605);
        backup(605, "full");
        app5.quit();
        String image = app5.disk("scsi0").path().toString();
        QemuImg.run(List.of("qemu-img", "snapshot", "-c", "before", image));
        QemuImg.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x51 0 64k", image));
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> QemuImg.run(List.of("qemu-img", "snapshot", "-a", "before", image)));
        assertTrue(refused.getMessage().contains("Device has active dirty bitmaps"), refused.getMessage());

        CliRun stopped = CliRun.run("--config", yaml.toString(), "untrack", "--vm", "605");
        assertEquals(0, stopped.code(), stopped.err());
        assertTrue(stopped.err().contains("lab/605: change tracking removed from scsi0 (4 bitmaps), virtio1 "
                + "(4 bitmaps); the next backup is a full"), stopped.err());
        QemuImg.run(List.of("qemu-img", "snapshot", "-a", "before", image));
        app5.start();
        JsonObject next = backupJson(605, "incremental");
        assertEquals("full", next.getString("level"));
        assertEquals("incremental upgraded to full: no change tracking on disk scsi0 for destination 'local' yet "
                + "(first backup, or it was removed)", next.getString("levelReason"));

        CliRun running = CliRun.run("--config", yaml.toString(), "untrack", "--vm", "605", "--json");
        assertEquals(0, running.code(), running.err());
        assertEquals(4, new JsonObject(running.out()).getJsonObject("vms").getJsonArray("lab/605").getJsonObject(0)
                .getJsonArray("removed").size());
        assertFalse(app5.qmp("query-named-block-nodes", null).toString().contains("\"vmferry-"),
                "no vmferry bitmap left in QEMU");
        CliRun again = CliRun.run("--config", yaml.toString(), "untrack", "--vm", "605");
        assertTrue(again.err().contains("lab/605: no change tracking to remove"), again.err());
    }

    /** {@code qm resize} between backups: the incremental carries the new size, each point restores at its own. */
    @Test
    void aDiskGrownBetweenBackupsRestoresAtEachPointsSize() throws Exception {
        LabVm app6 = lab.get(606);
        app6.writePattern("scsi0", 0x61, 60 * M, 4 * M);
        String[] full = backup(606, "full");
        app6.qmp("block_resize", new JsonObject().put("device", "drive-scsi0").put("size", 96 * M));
        app6.writePattern("scsi0", 0x62, 62 * M, 4 * M);               // straddles the old end
        app6.writePattern("scsi0", 0x63, 90 * M, 64 * 1024);           // only in the new part
        String[] inc = backup(606, "incremental");
        for (String[] p : List.of(full, inc)) {
            Path out = lab.root().resolve("restore-app6-" + p[0] + ".raw");
            CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "606", "--disk", "scsi0", "--point",
                    p[0], "--to", out.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(Files.size(Path.of(p[1] + "-scsi0.raw")), Files.size(out));
            compare(Path.of(p[1] + "-scsi0.raw"), out, "raw");
        }
        assertEquals(96 * M, Files.size(Path.of(inc[1] + "-scsi0.raw")));
    }

    /**
     * A Proxmox VM with a TPM: its {@code tpmstate0} volume (raw, swtpm's, no QEMU drive) is in every point, copied
     * whole, the VM's incrementals stay incremental, and each point restores the volume as it was.
     */
    @Test
    void aTpmStateVolumeIsInEveryPointAndRestores() throws Exception {
        Path tpm = lab.root().resolve("vm-607-tpm.raw");
        String full = backup(607, "full")[0];
        Path atFull = lab.root().resolve("tpm-at-full.raw");
        Files.copy(tpm, atFull);
        QemuImg.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x43 1M 4k", tpm.toString()));
        JsonObject inc = backupJson(607, "incremental");
        assertEquals("incremental", inc.getString("level"), inc.getString("levelReason"));
        for (String[] p : List.of(new String[] {full, atFull.toString()}, new String[] {inc.getString("pointId"),
                tpm.toString()})) {
            Path out = lab.root().resolve("restore-tpm-" + p[0] + ".raw");
            CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "607", "--disk", "tpmstate0",
                    "--point", p[0], "--to", out.toString());
            assertEquals(0, r.code(), r.err());
            compare(Path.of(p[1]), out, "raw");
        }
    }

    /**
     * A snapshot holder that dies while the stack runs (a killed Bacula job's holder): the running snapshot service
     * releases what it left in a running VM (export, fleecing: every guest write was still copied) within its sweep.
     */
    @Test
    void aSnapshotWhoseHolderDiesWhileTheStackRunsIsReleased() throws Exception {
        LabVm app8 = lab.get(608);
        VmferryConfig cfg = ConfigLoader.load(yaml);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            var vm = new io.vmferry.inventory.QemuInventory(vertx, cfg.hypervisor()).find(608).await(30,
                    java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
            Snapshots.Held held = Snapshots.take(vertx, cfg.hypervisor(),
                    new io.vmferry.bus.events.SnapshotRequest(vm, "full", false, "bacula"));
            assertEquals(2, ((io.vertx.core.json.JsonArray) app8.qmp("query-block-exports", null)).size());
            Path holder = lab.root().resolve("fleece/608/holder");
            Process ended = new ProcessBuilder("true").start();
            ended.waitFor();
            JsonObject h = new JsonObject(Files.readString(holder));
            h.getJsonObject("owner").put("pid", ended.pid());
            Files.writeString(holder, h.encode());                     // its holder process has ended
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Files.exists(holder)) {
                assertTrue(System.nanoTime() < deadline, "not released by the running stack's sweep");
                Thread.sleep(100);
            }
            io.vmferry.testkit.qemu.LabLeftovers.assertNone(app8, lab.root().resolve("fleece"));
            held.release(false);
        } finally {
            vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** {@code hypervisor.memory-tracking}: a raw volume's backups stay incremental while QEMU runs, and restore. */
    @Test
    void aRawVolumeTrackedInQemusMemoryStaysIncrementalAndRestoresExactly() throws Exception {
        LabVm app9 = lab.vm(609).name("app9").disk("scsi0", "64M", "raw").disk("virtio1", "64M", "qcow2").start();
        app9.writePattern("scsi0", 0x71, 8 * M, 4 * M);
        String[] full = backup(609, "full");
        app9.writePattern("scsi0", 0x72, 9 * M + 4096, 4096);
        app9.writePattern("virtio1", 0x73, M, 64 * 1024);
        JsonObject inc = backupJson(609, "incremental");
        assertEquals("incremental", inc.getString("level"), inc.encode());
        assertEquals(2 * 64 * 1024, inc.getJsonArray("disks").stream().mapToLong(d -> ((JsonObject) d)
                .getLong("bytesRead")).sum(), "one 64 KiB block per disk");
        Path out = lab.root().resolve("restore-app9-full.raw");
        CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "609", "--disk", "scsi0", "--point",
                full[0], "--to", out.toString());
        assertEquals(0, r.code(), r.err());
        compare(Path.of(full[1] + "-scsi0.raw"), out, "raw");

        // without --disk: every disk of the point into a directory
        Path dir = Files.createDirectories(lab.root().resolve("restore-app9-all"));
        CliRun all = CliRun.run("--config", yaml.toString(), "restore", "--vm", "609", "--to", dir.toString(),
                "--json");
        assertEquals(0, all.code(), all.err());
        assertEquals(List.of(inc.getString("pointId"), inc.getString("pointId")), new JsonObject(all.out())
                .getJsonArray("results").stream().map(o -> ((JsonObject) o).getString("pointId")).toList());
        for (String disk : List.of("scsi0", "virtio1")) {
            Path expected = lab.root().resolve("expected-app9-" + disk + ".raw");
            app9.copyDiskAsRaw(disk, expected);
            compare(expected, dir.resolve("vm-609-" + disk + ".raw"), "raw");
        }
        CliRun again = CliRun.run("--config", yaml.toString(), "restore", "--vm", "609", "--to", dir.toString());
        assertEquals(2, again.code());
        assertEquals("vmferry: --to " + dir + ": " + dir.resolve("vm-609-scsi0.raw") + " already exists",
                again.err().strip());
    }

    private JsonObject backupJson(int vmid, String level) {
        CliRun r = CliRun.run("--config", yaml.toString(), "backup", "--vm", Integer.toString(vmid), "--level", level,
                "--json");
        assertEquals(0, r.code(), r.err());
        return new JsonObject(r.out()).getJsonObject("vms").getJsonObject("lab/" + vmid);
    }

    private String[] backup(String level) throws IOException {
        return backup(601, level);
    }

    /** Backs up a VM through the CLI; returns {point id, prefix of the expected disk images}. */
    private String[] backup(int vmid, String level) throws IOException {
        CliRun r = CliRun.run("--config", yaml.toString(), "backup", "--vm", Integer.toString(vmid), "--level", level,
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject vmResult = new JsonObject(r.out()).getJsonObject("vms").getJsonObject("lab/" + vmid);
        String point = vmResult.getString("pointId");
        Path prefix = lab.root().resolve("expected-" + point);
        LabVm target = lab.get(vmid);
        for (String disk : List.of("scsi0", "virtio1")) {
            target.copyDiskAsRaw(disk, Path.of(prefix + "-" + disk + ".raw"));
        }
        return new String[] {point, prefix.toString()};
    }

    private CliRun runBackupAlongside() {
        return CliRun.run("--config", yaml.toString(), "backup", "--vm", "602", "--level", "incremental");
    }

    private static void compare(Path expected, Path actual, String format) throws IOException {
        QemuImg.run(List.of("qemu-img", "compare", "-q", "-f", "raw", "-F", format, expected.toString(),
                actual.toString()));
    }
}
