package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.testkit.qemu.LabLeftovers;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleece directory on a small real file system (a 64 MiB tmpfs): while a snapshot is held every guest write first
 * copies the old data into the overlay there, and QEMU 7.2 fails the guest's write when that copy cannot be stored.
 */
@ExtendWith(QemuLabExtension.class)
class FleeceRoomIT {
    private static final long M = 1024 * 1024;
    private Path fleece;

    @BeforeEach
    void mount(QemuLab lab) throws Exception {
        fleece = lab.root().resolve("small-fleece");
        Files.createDirectories(fleece);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", fleece.toString()) == 0,
                "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", fleece.toString());
    }

    @Test
    void aFillingFleeceDirectoryBreaksTheSnapshotNotTheGuest(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(231).disk("scsi0", "128M", "qcow2").start();
        vm.writePattern("scsi0", 0x46, 0, 96 * M);                       // old data every overwrite must keep
        FleeceSession s = session(lab, vm, 32);
        s.prepare(new SnapshotRequest(SnapshotLab.info(vm), "full", false, "local"));
        CompletableFuture<String> broken = new CompletableFuture<>();
        s.watch(broken::complete);
        for (long off = 0; off < 96 * M; off += M) {                     // throws if a guest write fails
            vm.writePattern("scsi0", 0x47, off, M);
            Thread.sleep(10);
        }
        String reason = broken.get(10, TimeUnit.SECONDS);
        assertTrue(reason.startsWith("fleece-dir " + fleece + " is nearly full ("), reason);
        assertTrue(reason.endsWith("MiB free, reserve 32 MiB): the snapshot was released before the guest's writes "
                + "could fail; give fleece-dir more room or lower hypervisor.fleece-reserve-mib"), reason);
        assertEquals(List.of(), s.release(false));
        LabLeftovers.assertNone(vm, fleece);
        vm.verifyPattern("scsi0", 0x47, 0, 96 * M);

        SnapshotReady next = SnapshotLab.take(lab, vm, "incremental");   // the failed full's reset was undone
        assertEquals("full", next.level(), "no point was stored since tracking began");
        SnapshotLab.releaseLast(true);
    }

    @Test
    void noSnapshotIsTakenWithLessFreeThanTheReserve(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(232).disk("scsi0", "64M", "qcow2").start();
        FleeceSession s = session(lab, vm, 100);
        Exception e = assertThrows(IllegalStateException.class,
                () -> s.prepare(new SnapshotRequest(SnapshotLab.info(vm), "full", false, "local")));
        assertTrue(e.getMessage().matches("fleece-dir " + fleece + " has \\d+ MiB free, less than the 100 MiB "
                + "\\(hypervisor.fleece-reserve-mib\\) a snapshot keeps free for the old data of the guest's writes"),
                e.getMessage());
        LabLeftovers.assertNone(vm, fleece);
    }

    private FleeceSession session(QemuLab lab, LabVm vm, long reserveMib) {
        HypervisorConfig hv = new HypervisorConfig("qemu", "lab", lab.runDir(), lab.confDir(), lab.storageCfg(),
                fleece, reserveMib, null);
        return new FleeceSession(lab.vertx(), hv, SnapshotLab.info(vm), "local", Names.checkpoint(Instant.now()),
                null, SnapshotFaults.NONE);
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
