package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.BackupLevel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointLedgerTest {
    @TempDir
    Path state;

    private static JobStatus status(long job, char status, long errors) {
        return new JobStatus(job, "vm101", 'B', 'I', status, errors, 1 << 20, 3);
    }

    @Test
    void aPendingPointBecomesTheParentOnlyOnceItsJobSucceeded() {
        PointLedger ledger = new PointLedger(state);
        ledger.record("pve", 101, "bacula-7", BackupLevel.FULL, "c-7");
        ledger.pending("pve", 101, "bacula-8", BackupLevel.INCREMENTAL, "c-8");
        assertEquals(Optional.of("bacula-7"), ledger.parent("pve", 101, BackupLevel.INCREMENTAL), "not yet");
        assertEquals(Optional.empty(), ledger.resolveOwn("pve", 101, "bacula-8", job -> status(job, 'R', 0)),
                "a running job settles nothing for its own holder");
        assertTrue(ledger.isPending("pve", 101, "bacula-8"));
        ledger.resolveOwn("pve", 101, "bacula-8", job -> status(job, 'T', 0));
        assertEquals(Optional.of("bacula-8"), ledger.parent("pve", 101, BackupLevel.INCREMENTAL));
        assertEquals(Optional.of("bacula-7"), ledger.parent("pve", 101, BackupLevel.DIFFERENTIAL));
        assertFalse(ledger.isPending("pve", 101, "bacula-8"));
        assertEquals(Optional.empty(), ledger.lost("pve", 101));
    }

    @Test
    void aJobThatFailedAfterItsReleaseLosesTheTrackingUntilAFull() {
        PointLedger ledger = new PointLedger(state);
        ledger.record("pve", 101, "bacula-7", BackupLevel.FULL, "c-7");
        ledger.pending("pve", 101, "bacula-8", BackupLevel.INCREMENTAL, "c-8");
        ledger.resolvePending("pve", 101, job -> status(job, 'T', 1)); // "OK -- with warnings" is a failure
        assertEquals("Bacula job 8 of this VM failed after its snapshot was released (job 8 (vm101) status=T"
                + " errors=1 bytes=1048576)", ledger.lost("pve", 101).orElseThrow());
        assertEquals(Optional.of("bacula-7"), ledger.parent("pve", 101, BackupLevel.INCREMENTAL),
                "the failed job never becomes a parent");
        ledger.record("pve", 101, "bacula-9", BackupLevel.FULL, "c-9");
        assertEquals(Optional.empty(), ledger.lost("pve", 101), "a full brings the tracking back");
    }

    @Test
    void theNextJobSettlesAPointWhoseJobHadNotEndedAsLostAndIgnoresAnUnreachableDirector() {
        PointLedger ledger = new PointLedger(state);
        ledger.pending("pve", 101, "bacula-8", BackupLevel.FULL, "c-8");
        assertEquals(Optional.empty(), ledger.resolvePending("pve", 101, job -> {
            throw new IllegalStateException("bconsole: connection refused");
        }));
        assertTrue(ledger.isPending("pve", 101, "bacula-8"), "kept for later");
        assertEquals(Optional.empty(), ledger.resolveOwn("pve", 101, "bacula-9", job -> status(job, 'T', 0)),
                "another job's holder does not settle it");
        ledger.resolvePending("pve", 101, job -> status(job, 'R', 0));
        assertTrue(ledger.lost("pve", 101).orElseThrow().startsWith("Bacula job 8 of this VM had not ended"));
        assertEquals(Optional.empty(), ledger.parent("pve", 101, BackupLevel.DIFFERENTIAL));
    }

    @Test
    void aSnapshotWhoseTrackedChangesStartElsewhereCannotBuildOnTheLedgersParent() {
        PointLedger ledger = new PointLedger(state);
        ledger.record("pve", 101, "bacula-7", BackupLevel.FULL, "20261123T010000Z-0007");
        ledger.pending("pve", 101, "bacula-8", BackupLevel.INCREMENTAL, "20261123T020000Z-0008");
        ledger.resolvePending("pve", 101, job -> status(job, 'T', 0));
        assertEquals(Optional.empty(), ledger.trackingMismatch("pve", 101, BackupLevel.INCREMENTAL,
                "20261123T020000Z-0008"));
        assertEquals(Optional.empty(), ledger.trackingMismatch("pve", 101, BackupLevel.DIFFERENTIAL,
                "20261123T010000Z-0007"));
        assertEquals(Optional.of("the changes QEMU tracked start at snapshot 20261123T030000Z-0042, but the point "
                + "this incremental would build on (bacula-8) was taken at snapshot 20261123T020000Z-0008"),
                ledger.trackingMismatch("pve", 101, BackupLevel.INCREMENTAL, "20261123T030000Z-0042"));
        assertEquals(Optional.empty(), ledger.trackingMismatch("pve", 101, BackupLevel.FULL, "x"));
        ledger.record("pve", 102, "bacula-9", BackupLevel.FULL, null);
        assertEquals(Optional.empty(), ledger.trackingMismatch("pve", 102, BackupLevel.INCREMENTAL, "y"),
                "a ledger entry without its checkpoint (older ledgers) is not judged");
        assertEquals(Optional.of("bacula-9"), ledger.parent("pve", 102, BackupLevel.INCREMENTAL));
    }
}
