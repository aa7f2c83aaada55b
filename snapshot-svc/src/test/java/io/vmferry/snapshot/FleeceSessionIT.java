package io.vmferry.snapshot;

import static io.vmferry.snapshot.SnapshotLab.assertNothingLeft;
import static io.vmferry.snapshot.SnapshotLab.map;
import static io.vmferry.snapshot.SnapshotLab.releaseLast;
import static io.vmferry.snapshot.SnapshotLab.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshots of real QEMU VMs: exact changed extents, point in time, upgrades to full, no leftovers. */
@ExtendWith(QemuLabExtension.class)
class FleeceSessionIT {
    private static final long K = 1024;
    private static final long M = 1024 * K;
    private static final String INC = "qemu:dirty-bitmap:vmferry-local-inc-";

    @Test
    void incrementalHoldsExactlyTheChangedBlocks(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(201).disk("scsi0", "1G", "qcow2").start();
        SnapshotReady full = take(lab, vm, "incremental");
        assertEquals("full", full.level());
        assertEquals("incremental upgraded to full: no change tracking on disk scsi0 for destination 'local' yet "
                + "(first backup, or it was removed)", full.levelReason());
        releaseLast(true);
        vm.writePattern("scsi0", 0x11, 10 * M + 4 * K, 4 * K);        // inside one 64 KiB block
        vm.writePattern("scsi0", 0x22, 100 * M + 60 * K, 8 * K);      // straddles two blocks
        vm.writeZeroes("scsi0", 700 * M + 64 * K, 64 * K);             // zero write is a change too
        SnapshotReady inc = take(lab, vm, "incremental");
        assertEquals("incremental", inc.level());
        assertNull(inc.levelReason());
        assertEquals(full.checkpoint(), inc.since(), "the changes start at the full");
        String ctx = inc.disks().get(0).export().bitmapContext();
        assertEquals(INC + inc.checkpoint(), ctx);
        vm.writePattern("scsi0", 0x33, 512 * M, 64 * K);              // after the snapshot started
        SnapshotLab.assertExportReads(inc, "scsi0", 0x00, 512 * M, 64 * K);
        SnapshotLab.assertExportReads(inc, "scsi0", 0x22, 100 * M + 60 * K, 8 * K);
        assertEquals(List.of((10 * M) + "+" + (64 * K), (100 * M) + "+" + (128 * K), (700 * M + 64 * K) + "+"
                + (64 * K)), map(inc, "scsi0", ctx));
        releaseLast(true);
        assertNothingLeft(lab, vm);
        SnapshotReady next = take(lab, vm, "incremental");
        assertEquals(inc.checkpoint(), next.since());
        assertEquals(List.of((512 * M) + "+" + (64 * K)), map(next, "scsi0",
                next.disks().get(0).export().bitmapContext()), "post-snapshot write lands in the next one only");
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    @Test
    void differentialAccumulatesSinceTheLastFull(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(202).disk("scsi0", "256M", "qcow2").start();
        SnapshotReady full = take(lab, vm, "full");
        assertNull(full.since());
        releaseLast(true);
        vm.writePattern("scsi0", 0x11, 0, 64 * K);
        take(lab, vm, "incremental");
        releaseLast(true);
        vm.writePattern("scsi0", 0x22, 128 * M, 64 * K);
        SnapshotReady diff = take(lab, vm, "differential");
        assertEquals("differential", diff.level());
        assertEquals(full.checkpoint(), diff.since(), "a differential builds on the full");
        assertEquals(List.of("0+" + (64 * K), (128 * M) + "+" + (64 * K)), map(diff, "scsi0",
                diff.disks().get(0).export().bitmapContext()));
        releaseLast(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"after-freeze", "after-transaction", "after-export"})
    void failureAtAnyStageLeavesNothingAndLosesNoChange(String stage, QemuLab lab) throws Exception {
        LabVm vm = lab.vm(210).disk("scsi0", "256M", "qcow2").disk("virtio1", "64M", "qcow2").start();
        take(lab, vm, "full");
        releaseLast(true);
        vm.writePattern("scsi0", 0x44, 4 * M, 64 * K);
        FleeceSession failing = SnapshotLab.session(lab, vm, s -> {
            if (s.equals(stage)) {
                throw new IllegalStateException("injected at " + s);
            }
        });
        var e = assertThrows(IllegalStateException.class, () -> failing.prepare(
                new SnapshotRequest(SnapshotLab.info(vm), "incremental", false, "local")));
        assertEquals("injected at " + stage, e.getMessage());
        assertNothingLeft(lab, vm);
        vm.writePattern("scsi0", 0x55, 8 * M, 64 * K);
        SnapshotReady inc = take(lab, vm, "incremental");
        assertEquals("incremental", inc.level());
        assertEquals(List.of((4 * M) + "+" + (64 * K), (8 * M) + "+" + (64 * K)), map(inc, "scsi0",
                inc.disks().get(0).export().bitmapContext()), "frozen bits merged back");
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    @Test
    void readerFailureAfterExportMergesBack(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(211).disk("scsi0", "256M", "qcow2").start();
        take(lab, vm, "full");
        releaseLast(true);
        vm.writePattern("scsi0", 0x66, 16 * M, 64 * K);
        take(lab, vm, "incremental");
        releaseLast(false);
        assertNothingLeft(lab, vm);
        SnapshotReady again = take(lab, vm, "incremental");
        assertEquals(List.of((16 * M) + "+" + (64 * K)), map(again, "scsi0",
                again.disks().get(0).export().bitmapContext()));
        releaseLast(true);
    }

    @Test
    void killedQemuMeansFullWithTheReason(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(220).disk("scsi0", "128M", "qcow2").start();
        take(lab, vm, "full");
        releaseLast(true);
        vm.quit();
        vm.start();
        assertEquals("incremental", take(lab, vm, "incremental").level(), "a clean restart keeps tracking");
        releaseLast(true);
        vm.kill();
        vm.start();
        SnapshotReady r = take(lab, vm, "incremental");
        assertEquals("full", r.level());
        assertEquals("incremental upgraded to full: change tracking of disk scsi0 is inconsistent (QEMU was not "
                + "shut down cleanly)", r.levelReason());
        releaseLast(true);
        assertEquals("incremental", take(lab, vm, "incremental").level(), "tracking recreated");
        releaseLast(true);
    }

    @Test
    void qemuKilledWhileTheSnapshotIsHeldLeavesNoFiles(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(221).disk("scsi0", "64M", "qcow2").start();
        take(lab, vm, "full");
        Path dir = lab.root().resolve("fleece/221");
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "overlay, NBD socket, holder");
        }
        vm.kill(); // the VM crashed during the backup: its QMP socket file stays, refusing connections

        releaseLast(false);

        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList());
        }
        vm.start();
        SnapshotReady next = take(lab, vm, "incremental");
        assertEquals("full", next.level(), next.levelReason());
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    /**
     * The VM shut down (QEMU quit cleanly) while a backup held its snapshot: QEMU stored the reset tracking bitmap
     * and the frozen copy of what it held; the backup failed. The next incremental still holds the changes made
     * before that snapshot, and builds on the last point that was stored, not on the failed one.
     */
    @Test
    void qemuQuitWhileTheSnapshotIsHeldLosesNoChange(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(222).disk("scsi0", "128M", "qcow2").start();
        SnapshotReady full = take(lab, vm, "full");
        releaseLast(true);
        vm.writePattern("scsi0", 0x44, 32 * M, 64 * K);
        SnapshotReady failed = take(lab, vm, "incremental");
        vm.quit();
        releaseLast(false);
        vm.start();
        vm.writePattern("scsi0", 0x45, 96 * M, 64 * K);
        SnapshotReady next = take(lab, vm, "incremental");
        assertEquals("incremental", next.level(), next.levelReason());
        assertEquals(full.checkpoint(), next.since(), "not " + failed.checkpoint() + ", which was never stored");
        assertEquals(List.of((32 * M) + "+" + (64 * K), (96 * M) + "+" + (64 * K)), map(next, "scsi0",
                next.disks().get(0).export().bitmapContext()));
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    /**
     * The destination stored an incremental snapshot as a full (it lacked the point the changes start at): the
     * differential tracking restarts there too, so the next differential builds on that full.
     */
    @Test
    void aPointStoredAsFullRestartsTheDifferentialTrackingToo(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(225).disk("scsi0", "64M", "qcow2").start();
        take(lab, vm, "full");
        releaseLast(true);
        vm.writePattern("scsi0", 0x11, 0, 64 * K);
        SnapshotReady inc = take(lab, vm, "incremental");
        assertEquals("incremental", inc.level());
        assertEquals(List.of(), SnapshotLab.LAST.get().release(true, true));
        vm.writePattern("scsi0", 0x12, 8 * M, 64 * K);
        SnapshotReady diff = take(lab, vm, "differential");
        assertEquals(inc.checkpoint(), diff.since(), "builds on the point stored as a full");
        assertEquals(List.of((8 * M) + "+" + (64 * K)), map(diff, "scsi0",
                diff.disks().get(0).export().bitmapContext()));
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    /**
     * One backup of a VM at a time across processes (a Bacula job's holder and the stack, two stacks): a snapshot
     * of a VM another process holds is refused with the reason, and the held one is left alone.
     */
    @Test
    void aVmHeldByAnotherSnapshotIsRefusedAndLeftAlone(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(226).disk("scsi0", "64M", "qcow2").start();
        SnapshotReady held = take(lab, vm, "full");
        FleeceSession holder = SnapshotLab.LAST.get();
        FleeceSession second = SnapshotLab.session(lab, vm, SnapshotFaults.NONE);
        VmBusyException busy = assertThrows(VmBusyException.class,
                () -> second.prepare(new SnapshotRequest(SnapshotLab.info(vm), "full", false, "bacula")));
        assertEquals("a backup of VM lab/226 is already running in process " + ProcessHandle.current().pid()
                + " (destination local, snapshot " + held.checkpoint() + ")", busy.getMessage());
        SnapshotLab.assertExportReads(held, "scsi0", 0x00, 0, 64 * K);
        assertEquals(List.of(), holder.release(true));
        assertNothingLeft(lab, vm);
        take(lab, vm, "incremental");
        releaseLast(true);
    }

    /**
     * Proxmox keeps a VM's TPM state in a raw volume that swtpm, not QEMU, uses: no drive of the running VM. It is
     * exported from its file and copied whole into every point, and the VM's other disks stay incremental.
     */
    @Test
    void aTpmStateVolumeIsCopiedWholeAndTheVmStaysIncremental(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(224).disk("scsi0", "64M", "qcow2").start();
        Path tpm = lab.root().resolve("vm-224-disk-1.raw");
        io.vmferry.qemu.img.QemuImg.run(List.of("qemu-img", "create", "-q", "-f", "raw", tpm.toString(), "4M"));
        io.vmferry.qemu.img.QemuImg.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x42 0 64k", tpm.toString()));
        VmInfo base = SnapshotLab.info(vm);
        List<DiskInfo> disks = new java.util.ArrayList<>(base.disks());
        disks.add(new DiskInfo("tpmstate0", "local:224/vm-224-disk-1.raw", tpm.toString(), "raw", 4 * M, null, null,
                "not attached to the running VM as drive-tpmstate0"));
        VmInfo withTpm = new VmInfo(base.key(), base.host(), base.vmid(), base.name(), "running", 1, 1, 512, disks,
                base.qmp(), base.conf());
        for (String level : List.of("full", "incremental")) {
            FleeceSession s = new FleeceSession(lab.vertx(), SnapshotLab.hv(lab), withTpm, "local",
                    Names.checkpoint(java.time.Instant.now()), null, SnapshotFaults.NONE);
            SnapshotReady r = s.prepare(new SnapshotRequest(withTpm, level, false, "local"));
            assertEquals(level, r.level(), r.levelReason());
            assertEquals(List.of("scsi0", "tpmstate0"), r.disks().stream().map(d -> d.name()).toList());
            assertNull(r.disks().get(1).export().bitmapContext(), "copied whole");
            SnapshotLab.assertExportReads(r, "tpmstate0", 0x42, 0, 64 * K);
            assertEquals(List.of(), s.release(true));
            assertNothingLeft(lab, vm);
            assertFalse(Files.exists(lab.root().resolve("fleece/224/nbd-tpmstate0.sock")), "its export stopped");
        }
    }

    @Test
    void rawDiskMeansFullWithTheReason(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(230).disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "raw").start();
        take(lab, vm, "full");
        releaseLast(true);
        SnapshotReady r = take(lab, vm, "incremental");
        assertEquals("full", r.level());
        assertEquals("incremental upgraded to full: disk virtio1 cannot keep change tracking (raw images cannot "
                + "store persistent bitmaps)", r.levelReason());
        assertNull(r.disks().get(1).export().bitmapContext(), "a full export carries no bitmap");
        assertNull(r.disks().get(0).export().bitmapContext());
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }

    @Test
    void withMemoryTrackingARawDiskIsIncrementalWhileQemuRuns(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(231).disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "raw").start();
        HypervisorConfig hv = SnapshotLab.hv(lab).withMemoryTracking(true);
        SnapshotReady full = take(lab, hv, vm, "incremental");
        assertEquals("full", full.level());
        releaseLast(true);
        vm.writePattern("virtio1", 0x21, 4 * M + 4 * K, 4 * K);
        vm.writePattern("scsi0", 0x22, 8 * M, 64 * K);
        SnapshotReady inc = take(lab, hv, vm, "incremental");
        assertEquals("incremental", inc.level());
        assertEquals(full.checkpoint(), inc.since());
        String ctx = inc.disks().get(1).export().bitmapContext();
        assertEquals(INC + inc.checkpoint(), ctx);
        assertEquals(List.of((4 * M) + "+" + (64 * K)), map(inc, "virtio1", ctx));
        assertEquals(List.of((8 * M) + "+" + (64 * K)), map(inc, "scsi0",
                inc.disks().get(0).export().bitmapContext()));
        SnapshotLab.assertExportReads(inc, "virtio1", 0x21, 4 * M + 4 * K, 4 * K);
        String nodes = vm.qmp("query-named-block-nodes", null).toString();
        assertTrue(nodes.contains("\"persistent\":false"), "the raw disk's bitmaps live in memory");
        releaseLast(true);
        assertNothingLeft(lab, vm);

        vm.writePattern("virtio1", 0x23, 16 * M, 64 * K);
        SnapshotReady diff = take(lab, hv, vm, "differential");
        assertEquals("differential", diff.level());
        assertEquals(List.of((4 * M) + "+" + (64 * K), (16 * M) + "+" + (64 * K)), map(diff, "virtio1",
                diff.disks().get(1).export().bitmapContext()), "every change since the full");
        releaseLast(true);

        vm.quit(); // QEMU stops: the qcow2 disk keeps its tracking in the image, the raw disk's is gone
        vm.start();
        SnapshotReady after = take(lab, hv, vm, "incremental");
        assertEquals("full", after.level());
        assertEquals("incremental upgraded to full: no change tracking on disk virtio1 for destination 'local' yet "
                + "(first backup, or it was removed, or QEMU stopped since: the disk's tracking lives in QEMU's "
                + "memory, raw images cannot store persistent bitmaps)", after.levelReason());
        releaseLast(true);
        assertEquals("incremental", take(lab, hv, vm, "incremental").level(), "tracking recreated in memory");
        releaseLast(true);
        assertNothingLeft(lab, vm);
    }
}
