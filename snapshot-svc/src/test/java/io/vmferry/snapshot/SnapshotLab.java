package io.vmferry.snapshot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.testkit.qemu.LabDisk;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: snapshots of lab VMs and what QEMU and NBD say about them. */
final class SnapshotLab {
    private SnapshotLab() {
    }

    static HypervisorConfig hv(QemuLab lab) {
        return new HypervisorConfig("qemu", "lab", lab.runDir(), lab.confDir(), lab.storageCfg(),
                lab.root().resolve("fleece"));
    }

    static VmInfo info(LabVm vm) {
        List<DiskInfo> disks = new ArrayList<>();
        for (LabDisk d : vm.disks()) {
            disks.add(new DiskInfo(d.slot(), d.volumeId(), d.path().toString(), d.format(), d.sizeBytes(),
                    d.driveId(), d.nodeName(), null));
        }
        return new VmInfo("lab/" + vm.vmid(), "lab", vm.vmid(), vm.name(), "running", 1, 1, 512, disks,
                vm.qmpSocket().toString(), vm.confFile().toString());
    }

    static FleeceSession session(QemuLab lab, LabVm vm, SnapshotFaults faults) {
        return session(lab, hv(lab), vm, faults);
    }

    static FleeceSession session(QemuLab lab, HypervisorConfig hv, LabVm vm, SnapshotFaults faults) {
        return new FleeceSession(lab.vertx(), hv, info(vm), "local", Names.checkpoint(java.time.Instant.now()), null,
                faults);
    }

    static SnapshotReady take(QemuLab lab, LabVm vm, String level) throws Exception {
        return take(lab, hv(lab), vm, level);
    }

    static SnapshotReady take(QemuLab lab, HypervisorConfig hv, LabVm vm, String level) throws Exception {
        FleeceSession s = session(lab, hv, vm, SnapshotFaults.NONE);
        SnapshotReady r = s.prepare(new SnapshotRequest(info(vm), level, false, "local"));
        LAST.set(s);
        return r;
    }

    static final ThreadLocal<FleeceSession> LAST = new ThreadLocal<>();

    static void releaseLast(boolean success) {
        List<String> errors = LAST.get().release(success);
        if (!errors.isEmpty()) {
            throw new AssertionError("release failed: " + errors);
        }
    }

    /** Dirty (or allocated) extents of an export as nbdinfo reports them: "offset+length" strings. */
    static List<String> map(SnapshotReady r, String disk, String context) throws Exception {
        var d = r.disks().stream().filter(x -> x.name().equals(disk)).findFirst().orElseThrow();
        String uri = "nbd+unix:///" + d.export().exportName() + "?socket=" + d.export().socket();
        List<String> cmd = new ArrayList<>(List.of("nbdinfo", "--json"));
        cmd.add(context == null ? "--map" : "--map=" + context);
        cmd.add(uri);
        JsonArray extents = new JsonArray(QemuImg.run(cmd));
        List<String> out = new ArrayList<>();
        for (Object o : extents) {
            JsonObject e = (JsonObject) o;
            if (e.getInteger("type") == 1 && context != null || e.getInteger("type") == 0 && context == null) {
                out.add(e.getLong("offset") + "+" + e.getLong("length"));
            }
        }
        return out;
    }

    /** Asserts the export reads {@code pattern} at the range (point-in-time content), through qemu-io over NBD. */
    static void assertExportReads(SnapshotReady r, String disk, int pattern, long offset, long length)
            throws Exception {
        var d = r.disks().stream().filter(x -> x.name().equals(disk)).findFirst().orElseThrow();
        String uri = "nbd+unix:///" + d.export().exportName() + "?socket=" + d.export().socket();
        String out = QemuImg.run(List.of("qemu-io", "-r", "-f", "raw", uri, "-c",
                "read -P " + pattern + " " + offset + " " + length));
        if (!out.contains("read " + length + "/" + length) || out.contains("failed")) {
            throw new AssertionError("export " + d.export().exportName() + " does not read " + pattern + " at "
                    + offset + ": " + out.strip());
        }
    }

    /** Asserts QEMU holds no export, job, fleecing node or frozen bitmap of vmferry, and no overlay file. */
    static void assertNothingLeft(QemuLab lab, LabVm vm) {
        io.vmferry.testkit.qemu.LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));
    }
}
