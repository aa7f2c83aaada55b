package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LevelDecisionTest {
    private static DiskTracking ok(String disk) {
        return new DiskTracking(disk, true, true, true, false, null);
    }

    @Test
    void keepsTheRequestedLevelWhenEveryDiskTracks() {
        LevelDecision d = LevelDecision.decide("incremental", "local", List.of(ok("scsi0"), ok("virtio1")));
        assertEquals("incremental", d.level());
        assertNull(d.reason());
        assertEquals("differential", LevelDecision.decide("differential", "local", List.of(ok("scsi0"))).level());
        assertEquals("full", LevelDecision.decide("full", "local", List.of()).level());
    }

    @Test
    void upgradesToFullAndSaysWhy() {
        assertEquals("incremental upgraded to full: disk virtio1 cannot keep change tracking (raw images cannot "
                + "store persistent bitmaps)", LevelDecision.decide("incremental", "local", List.of(ok("scsi0"),
                new DiskTracking("virtio1", false, false, false, false,
                        "raw images cannot store persistent bitmaps"))).reason());
        assertEquals("differential upgraded to full: change tracking of disk scsi0 is inconsistent (QEMU was not "
                + "shut down cleanly)", LevelDecision.decide("differential", "local",
                List.of(new DiskTracking("scsi0", true, false, false, true, null))).reason());
        assertEquals("incremental upgraded to full: no change tracking on disk scsi0 for destination 'bacula' yet "
                + "(first backup)", LevelDecision.decide("incremental", "bacula",
                List.of(new DiskTracking("scsi0", true, false, false, false, null))).reason());
        assertEquals("differential upgraded to full: no change tracking on disk scsi0 for destination 'local' yet "
                + "(first backup)", LevelDecision.decide("differential", "local",
                List.of(new DiskTracking("scsi0", true, true, false, false, null))).reason());
    }
}
