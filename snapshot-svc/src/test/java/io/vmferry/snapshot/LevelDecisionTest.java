package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The level a snapshot can serve, from each disk's bitmaps as QEMU or qemu-img lists them. */
class LevelDecisionTest {
    private static final String C0 = "20261123T010000Z-00aa";
    private static final String C1 = "20261123T020000Z-00bb";

    private static DiskTracking.Bitmap live(String name) {
        return new DiskTracking.Bitmap(name, true, true);
    }

    private static DiskTracking.Bitmap label(String name) {
        return new DiskTracking.Bitmap(name, true, false);
    }

    /** Tracking for "local" whose incremental changes start at {@code inc}, the differential ones at {@code diff}. */
    private static DiskTracking tracked(String disk, String inc, String diff) {
        return DiskTracking.of(disk, "local", List.of(live("vmferry-local-inc"), live("vmferry-local-diff"),
                label("vmferry-local-inc-since-" + inc), label("vmferry-local-diff-since-" + diff),
                live("vmferry-local-inc-inc"), label("vmferry-local-inc-inc-since-20261123T030000Z-00cc"),
                new DiskTracking.Bitmap(null, true, true)));
    }

    @Test
    void keepsTheRequestedLevelWhenEveryDiskTracksFromTheSamePoint() {
        LevelDecision d = LevelDecision.decide("incremental", "local", List.of(tracked("scsi0", C1, C0),
                tracked("virtio1", C1, C0)));
        assertEquals(new LevelDecision("incremental", null, C1), d);
        assertEquals(new LevelDecision("differential", null, C0),
                LevelDecision.decide("differential", "local", List.of(tracked("scsi0", C1, C0))));
        assertEquals(new LevelDecision("full", null, null), LevelDecision.decide("full", "local", List.of()));
    }

    @Test
    void theNewestLabelNamesTheStart() {
        DiskTracking t = DiskTracking.of("scsi0", "local", List.of(live("vmferry-local-inc"),
                label("vmferry-local-inc-since-" + C0), label("vmferry-local-inc-since-" + C1),
                label("vmferry-local-inc-" + C1)));
        assertEquals(C1, t.incSince());
        assertNull(t.diffSince());
    }

    @Test
    void upgradesToFullAndSaysWhy() {
        assertEquals("incremental upgraded to full: disk virtio1 cannot keep change tracking (raw images cannot "
                + "store persistent bitmaps)", LevelDecision.decide("incremental", "local", List.of(
                        tracked("scsi0", C1, C0),
                        DiskTracking.incapable("virtio1", "raw images cannot store persistent bitmaps"))).reason());
        assertEquals("differential upgraded to full: change tracking of disk scsi0 is inconsistent (QEMU was not "
                + "shut down cleanly)", LevelDecision.decide("differential", "local", List.of(DiskTracking.of(
                        "scsi0", "local", List.of(new DiskTracking.Bitmap("vmferry-local-inc", false, false),
                                live("vmferry-local-diff"))))).reason());
        assertEquals("incremental upgraded to full: no change tracking on disk scsi0 for destination 'bacula' yet "
                + "(first backup, or it was removed)", LevelDecision.decide("incremental", "bacula",
                List.of(DiskTracking.of("scsi0", "bacula", List.of(live("vmferry-local-inc"),
                        label("vmferry-local-inc-since-" + C1))))).reason());
        assertEquals("differential upgraded to full: no change tracking on disk scsi0 for destination 'local' yet "
                + "(first backup, or it was removed)", LevelDecision.decide("differential", "local",
                List.of(DiskTracking.of("scsi0", "local", List.of(live("vmferry-local-inc"),
                        label("vmferry-local-inc-since-" + C1))))).reason());
        assertEquals("incremental upgraded to full: change tracking of disk scsi0 does not record the point its "
                + "changes start at", LevelDecision.decide("incremental", "local", List.of(DiskTracking.of("scsi0",
                        "local", List.of(live("vmferry-local-inc")))))
                .reason());
        assertEquals(new LevelDecision("full", "incremental upgraded to full: the changes tracked on disk scsi0 start "
                + "at point " + C1 + ", on disk virtio1 at point " + C0, null), LevelDecision.decide("incremental",
                "local", List.of(tracked("scsi0", C1, C0), tracked("virtio1", C0, C0))));
    }
}
