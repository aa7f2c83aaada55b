package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.testkit.qemu.GuestAgentMode;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Application-consistent snapshots: freeze, then the atomic snapshot, then thaw; fallbacks when no agent answers. */
@ExtendWith(QemuLabExtension.class)
class QuiesceIT {

    @Test
    void freezeThenSnapshotThenThaw(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(301).disk("scsi0", "64M", "qcow2").start();
        List<String> order = new CopyOnWriteArrayList<>();
        try (FakeGuestAgent agent = new FakeGuestAgent(vm.qgaSocket(), cmd -> {
            boolean fleecing = !((JsonArray) vm.qmp("query-jobs", null)).isEmpty();
            order.add(cmd + (fleecing ? " (snapshot taken)" : " (no snapshot yet)"));
        })) {
            FleeceSession s = SnapshotLab.session(lab, vm, stage -> order.add(stage));
            SnapshotReady r = s.prepare(new SnapshotRequest(SnapshotLab.info(vm), "full", true, "local"));
            assertEquals(List.of("guest-fsfreeze-freeze (no snapshot yet)", "after-freeze",
                    "guest-fsfreeze-thaw (snapshot taken)", "after-transaction", "after-export"), order);
            assertEquals("application", r.consistency());
            assertEquals(List.of(), r.warnings());
            assertTrue(s.release(true).isEmpty());
        }
    }

    @Test
    void noAgentSocketMeansCrashConsistentWithAWarning(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(302).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.NONE).start();
        SnapshotReady r = quiesced(lab, vm);
        assertEquals("crash", r.consistency());
        assertEquals(List.of("no guest agent socket " + vm.qgaSocket() + ": crash-consistent snapshot"), r.warnings());
    }

    @Test
    void silentAgentMeansCrashConsistentWithAWarning(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(303).disk("scsi0", "64M", "qcow2").agent(GuestAgentMode.SILENT).start();
        SnapshotReady r = quiesced(lab, vm);
        assertEquals("crash", r.consistency());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("guest agent did not freeze the file systems ("), r.warnings().get(0));
        assertTrue(r.warnings().get(0).endsWith("): crash-consistent snapshot"), r.warnings().get(0));
    }

    private static SnapshotReady quiesced(QemuLab lab, LabVm vm) throws Exception {
        FleeceSession s = SnapshotLab.session(lab, vm, SnapshotFaults.NONE);
        SnapshotReady r = s.prepare(new SnapshotRequest(SnapshotLab.info(vm), "full", true, "local"));
        assertTrue(s.release(true).isEmpty());
        SnapshotLab.assertNothingLeft(lab, vm);
        return r;
    }
}
