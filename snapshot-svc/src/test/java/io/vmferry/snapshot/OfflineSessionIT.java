package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopped VMs are exported from their images with qemu-nbd; change tracking carries over to the running VM. */
@ExtendWith(QemuLabExtension.class)
class OfflineSessionIT {
    private static final long K = 1024;
    private static final long M = 1024 * K;

    @Test
    void stoppedVmFullThenIncrementalThenRunningIncremental(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(401).disk("scsi0", "128M", "qcow2").create();
        VmInfo stopped = stopped(vm);
        SnapshotReady full = offline(lab, stopped, "incremental", true);
        assertEquals("full", full.level());
        assertEquals("offline", full.consistency());
        assertTrue(QemuImg.info(vm.disk("scsi0").path()).raw().encode().contains("vmferry-local-inc"),
                "tracking created on success");
        vm.writePattern("scsi0", 0x11, 4 * M, 4 * K);
        SnapshotReady inc = offline(lab, stopped, "incremental", false);
        assertEquals("incremental", inc.level());
        assertEquals(List.of((4 * M) + "+" + (64 * K)), SnapshotLab.map(inc, "scsi0",
                inc.disks().get(0).export().bitmapContext()));
        releaseOffline(true);
        vm.start();
        vm.writePattern("scsi0", 0x22, 64 * M, 64 * K);
        SnapshotReady running = SnapshotLab.take(lab, vm, "incremental");
        assertEquals("incremental", running.level());
        assertEquals(List.of((64 * M) + "+" + (64 * K)), SnapshotLab.map(running, "scsi0",
                running.disks().get(0).export().bitmapContext()), "the stopped VM's backup reset the tracking");
        SnapshotLab.releaseLast(true);
    }

    @Test
    void failedOfflineBackupKeepsTheChanges(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(402).disk("scsi0", "64M", "qcow2").create();
        offline(lab, stopped(vm), "full", true);
        vm.writePattern("scsi0", 0x33, 8 * M, 64 * K);
        offline(lab, stopped(vm), "incremental", false);
        releaseOffline(false);
        SnapshotReady again = offline(lab, stopped(vm), "incremental", false);
        assertEquals(List.of((8 * M) + "+" + (64 * K)), SnapshotLab.map(again, "scsi0",
                again.disks().get(0).export().bitmapContext()));
        releaseOffline(true);
        String info = QemuImg.info(vm.disk("scsi0").path()).raw().encode();
        assertTrue(!info.matches(".*vmferry-local-inc-2.*"), "no frozen bitmap left: " + info);
    }

    /** The VM shut down while a backup held its snapshot; its next backup, of the stopped VM, loses no change. */
    @Test
    void aVmShutDownDuringItsBackupLosesNoChange(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(403).disk("scsi0", "64M", "qcow2").start();
        SnapshotReady full = SnapshotLab.take(lab, vm, "full");
        SnapshotLab.releaseLast(true);
        vm.writePattern("scsi0", 0x55, 16 * M, 64 * K);
        SnapshotLab.take(lab, vm, "incremental");
        vm.quit();
        SnapshotLab.releaseLast(false);
        SnapshotReady next = offline(lab, stopped(vm), "incremental", false);
        assertEquals("incremental", next.level(), next.levelReason());
        assertEquals(full.checkpoint(), next.since());
        assertEquals(List.of((16 * M) + "+" + (64 * K)), SnapshotLab.map(next, "scsi0",
                next.disks().get(0).export().bitmapContext()));
        releaseOffline(true);
        List<String> bitmaps = bitmapNames(vm);
        assertEquals(List.of("vmferry-local-diff", "vmferry-local-diff-since-" + full.checkpoint(),
                "vmferry-local-inc", "vmferry-local-inc-since-" + next.checkpoint()), bitmaps);
    }

    /** With memory tracking, a stopped VM's raw disk has none: full, and the reason says so. */
    @Test
    void aStoppedVmsRawDiskTrackedInMemoryMeansFullWithTheReason(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(404).disk("scsi0", "64M", "qcow2").disk("virtio1", "64M", "raw").create();
        var hv = SnapshotLab.hv(lab).withMemoryTracking(true);
        offline(hv, stopped(vm), "full", true); // scsi0's tracking starts here
        SnapshotReady r = offline(hv, stopped(vm), "incremental", true);
        assertEquals("full", r.level());
        assertEquals("incremental upgraded to full: disk virtio1 cannot keep change tracking (its tracking lives in "
                + "QEMU's memory and the VM is stopped; raw images cannot store persistent bitmaps)", r.levelReason());
    }

    private static List<String> bitmapNames(LabVm vm) throws java.io.IOException {
        return QemuImg.info(vm.disk("scsi0").path()).raw().getJsonObject("format-specific").getJsonObject("data")
                .getJsonArray("bitmaps").stream().map(b -> ((io.vertx.core.json.JsonObject) b).getString("name"))
                .sorted().toList();
    }

    private static final ThreadLocal<OfflineSession> LAST = new ThreadLocal<>();

    private static SnapshotReady offline(QemuLab lab, VmInfo vm, String level, boolean releaseNow) throws Exception {
        return offline(SnapshotLab.hv(lab), vm, level, releaseNow);
    }

    private static SnapshotReady offline(io.vmferry.bus.config.HypervisorConfig hv, VmInfo vm, String level,
                                         boolean releaseNow) throws Exception {
        OfflineSession s = new OfflineSession(hv, vm, "local", Names.checkpoint(Instant.now()), null);
        SnapshotReady r = s.prepare(new SnapshotRequest(vm, level, true, "local"));
        LAST.set(s);
        if (releaseNow) {
            releaseOffline(true);
        }
        return r;
    }

    private static void releaseOffline(boolean success) {
        List<String> errors = LAST.get().release(success);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private static VmInfo stopped(LabVm vm) {
        VmInfo running = SnapshotLab.info(vm);
        return new VmInfo(running.key(), running.host(), running.vmid(), running.name(), "stopped", 1, 1, 512,
                running.disks(), null, running.conf());
    }
}
