package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parent and level of a new point from where the snapshot's changes start and what the repository holds. */
class LevelPlanTest {
    private static final List<String> SCSI0 = List.of("scsi0");

    @TempDir
    Path tmp;

    @Test
    void withoutEarlierPointsEverythingIsFull() {
        LocalRepository repo = LocalRepository.open(tmp);
        assertEquals(new LevelPlan("full", "incremental upgraded to full: no earlier point of lab/101 in the repository",
                null), LevelPlan.decide(repo, "lab/101", "incremental", null, "i3", SCSI0));
        assertEquals(new LevelPlan("full", "differential upgraded to full: no full point of lab/101 in the repository",
                null), LevelPlan.decide(repo, "lab/101", "differential", null, "f", SCSI0));
        assertEquals(new LevelPlan("full", "incremental upgraded to full: no change tracking yet", null),
                LevelPlan.decide(repo, "lab/101", "full", "incremental upgraded to full: no change tracking yet",
                        null, SCSI0));
    }

    @Test
    void buildsOnThePointTheTrackedChangesStartAt() throws Exception {
        LocalRepository repo = LocalRepositoryTest.chain(tmp).repo;
        assertEquals(new LevelPlan("incremental", null, "i3"),
                LevelPlan.decide(repo, "lab/101", "incremental", null, "i3", SCSI0));
        assertEquals(new LevelPlan("differential", null, "f"),
                LevelPlan.decide(repo, "lab/101", "differential", null, "f", SCSI0));
        // not the newest point: a later point whose snapshot was released as failed (its changes merged back)
        assertEquals(new LevelPlan("incremental", null, "d2"),
                LevelPlan.decide(repo, "lab/101", "incremental", null, "d2", SCSI0));
    }

    @Test
    void changesStartingAtAPointThisRepositoryLacksGiveAFull() throws Exception {
        LocalRepository repo = LocalRepositoryTest.chain(tmp).repo;
        // the last backup went to another repository (a rotated disk, another node's): building on i3 would miss it
        assertEquals(new LevelPlan("full", "incremental upgraded to full: the changes QEMU tracked start at point "
                + "20261123T010000Z-beef, which this repository does not have (it was stored elsewhere, deleted, or "
                + "its backup did not finish)", null),
                LevelPlan.decide(repo, "lab/101", "incremental", null, "20261123T010000Z-beef", SCSI0));
        assertEquals(new LevelPlan("full", "differential upgraded to full: the changes QEMU tracked start at the "
                + "incremental point i1, not at a full", null),
                LevelPlan.decide(repo, "lab/101", "differential", null, "i1", SCSI0));
        assertEquals(new LevelPlan("full", "incremental upgraded to full: the snapshot does not name the point its "
                + "changes start at", null), LevelPlan.decide(repo, "lab/101", "incremental", null, null, SCSI0));
    }

    @Test
    void brokenChainOrNewDiskUpgradesToFull() throws Exception {
        LocalRepository repo = LocalRepositoryTest.chain(tmp).repo;
        assertEquals(new LevelPlan("full", "incremental upgraded to full: disk scsi1 is not in point i3", null),
                LevelPlan.decide(repo, "lab/101", "incremental", null, "i3", List.of("scsi0", "scsi1")));
        Files.delete(repo.layout().streamFile("lab/101", "d2", "scsi0"));
        assertEquals(new LevelPlan("full", "incremental upgraded to full: stream d2/scsi0.vfs of lab/101 is missing",
                null), LevelPlan.decide(repo, "lab/101", "incremental", null, "i3", SCSI0));
        assertEquals(new LevelPlan("differential", null, "f"),
                LevelPlan.decide(repo, "lab/101", "differential", null, "f", SCSI0));
    }
}
