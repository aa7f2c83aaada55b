package io.vmferry.snapshot;

import static io.vmferry.snapshot.SnapshotLab.assertNothingLeft;
import static io.vmferry.snapshot.SnapshotLab.map;
import static io.vmferry.snapshot.SnapshotLab.releaseLast;
import static io.vmferry.snapshot.SnapshotLab.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.service.OwnerMark;
import io.vmferry.testkit.qemu.GuestAgentMode;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshots whose holder process is gone (a killed stack) are released by the sweep the snapshot service runs at
 * start: QEMU left clean, a guest left frozen thawed, the changes merged back for the next incremental; a snapshot
 * whose holder still runs is left alone. The kill is simulated by rewriting the holder file with a process that ended.
 */
@ExtendWith(QemuLabExtension.class)
class OrphanSweepIT {
    private static final long K = 1024;
    private static final long M = 1024 * K;

    @Test
    void aKilledRunsSnapshotIsReleasedItsGuestThawedAndNoChangeLost(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(341).disk("scsi0", "256M", "qcow2").agent(GuestAgentMode.NONE).start();
        take(lab, vm, "full");
        releaseLast(true);
        vm.writePattern("scsi0", 0x21, 4 * M, 4 * K);
        try (FakeGuestAgent agent = new FakeGuestAgent(vm.qgaSocket(), cmd -> { })) {
            SnapshotReady killed = take(lab, vm, "incremental");
            agent.frozen = true; // killed between freeze and thaw
            holderEndedFor(lab, vm, killed.checkpoint());

            assertEquals(1, OrphanSweep.run(lab.vertx(), SnapshotLab.hv(lab)).size());

            assertNothingLeft(lab, vm);
            assertEquals(List.of("guest-fsfreeze-status", "guest-fsfreeze-thaw"), agent.log);
            assertEquals(false, agent.frozen);
        }
        vm.writePattern("scsi0", 0x22, 100 * M, 4 * K);
        SnapshotReady next = take(lab, vm, "incremental");
        assertEquals("incremental", next.level());
        assertEquals(List.of((4 * M) + "+" + (64 * K), (100 * M) + "+" + (64 * K)),
                map(next, "scsi0", next.disks().get(0).export().bitmapContext()),
                "the killed run's changes were merged back");
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    @Test
    void aSnapshotWhoseHolderRunsIsLeftAlone(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(342).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.NONE).start();
        take(lab, vm, "full"); // held by this process

        assertEquals(0, OrphanSweep.run(lab.vertx(), SnapshotLab.hv(lab)).size());

        assertEquals(1, ((JsonArray) vm.qmp("query-block-exports", null)).size(), "a live holder's export was removed");
        releaseLast(false);
        assertNothingLeft(lab, vm);
    }

    @Test
    void aKilledRunOnAVmWhoseQemuEndedTooLeavesNoFiles(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(343).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.NONE).start();
        SnapshotReady killed = take(lab, vm, "full");
        holderEndedFor(lab, vm, killed.checkpoint());
        vm.kill(); // its QMP socket stays behind, refusing connections
        assertTrue(Files.exists(vm.qmpSocket()));
        Path dir = lab.root().resolve("fleece/343");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("fleece-" + killed.checkpoint() + "-scsi0.qcow2", "holder", "nbd.sock"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }

        assertEquals(1, OrphanSweep.run(lab.vertx(), SnapshotLab.hv(lab)).size());

        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void takingASnapshotWithoutTheServiceSweepsFirst(QemuLab lab) throws Exception {
        LabVm killedVm = lab.vm(344).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.NONE).start();
        LabVm other = lab.vm(345).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.NONE).start();
        SnapshotReady killed = take(lab, killedVm, "full");
        holderEndedFor(lab, killedVm, killed.checkpoint());

        Snapshots.Held held = Snapshots.take(lab.vertx(), SnapshotLab.hv(lab),
                new SnapshotRequest(SnapshotLab.info(other), "full", false, "local"));

        assertNothingLeft(lab, killedVm); // Bacula's per-job holder runs no snapshot service whose start would sweep
        assertEquals(List.of(), held.release(true));
        assertNothingLeft(lab, other);
    }

    /** Rewrites the VM's holder file as written by a process that has ended since. */
    private static void holderEndedFor(QemuLab lab, LabVm vm, String checkpoint) throws Exception {
        Path dir = lab.root().resolve("fleece/" + vm.vmid());
        HolderFile live = HolderFile.read(dir).orElseThrow();
        assertEquals(checkpoint, live.checkpoint());
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        HolderFile.delete(dir);
        new HolderFile(new OwnerMark(ended.pid(), live.owner().started()), live.vmKey(), live.jobId(),
                live.checkpoint(), live.destination(), live.disks()).claim(dir);
    }
}
