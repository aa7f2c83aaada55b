package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parent and level of a new point from what the repository holds. */
class LevelPlanTest {
    @TempDir
    Path tmp;

    @Test
    void withoutEarlierPointsEverythingIsFull() {
        LocalRepository repo = LocalRepository.open(tmp);
        assertEquals(new LevelPlan("full", "incremental upgraded to full: no earlier point of lab/101 in the repository",
                null), LevelPlan.decide(repo, "lab/101", "incremental", null, List.of("scsi0")));
        assertEquals(new LevelPlan("full", "differential upgraded to full: no full point of lab/101 in the repository",
                null), LevelPlan.decide(repo, "lab/101", "differential", null, List.of("scsi0")));
        assertEquals(new LevelPlan("full", "incremental upgraded to full: no change tracking yet", null),
                LevelPlan.decide(repo, "lab/101", "full", "incremental upgraded to full: no change tracking yet",
                        List.of("scsi0")));
    }

    @Test
    void incrementalOnLatestDifferentialOnLatestFull() throws Exception {
        LocalRepository repo = LocalRepositoryTest.chain(tmp).repo;
        assertEquals(new LevelPlan("incremental", null, "i3"),
                LevelPlan.decide(repo, "lab/101", "incremental", null, List.of("scsi0")));
        assertEquals(new LevelPlan("differential", null, "f"),
                LevelPlan.decide(repo, "lab/101", "differential", null, List.of("scsi0")));
    }

    @Test
    void brokenChainOrNewDiskUpgradesToFull() throws Exception {
        LocalRepository repo = LocalRepositoryTest.chain(tmp).repo;
        assertEquals(new LevelPlan("full", "incremental upgraded to full: disk scsi1 is not in point i3", null),
                LevelPlan.decide(repo, "lab/101", "incremental", null, List.of("scsi0", "scsi1")));
        Files.delete(repo.layout().streamFile("lab/101", "d2", "scsi0"));
        assertEquals(new LevelPlan("full", "incremental upgraded to full: stream d2/scsi0.vfs of lab/101 is missing",
                null), LevelPlan.decide(repo, "lab/101", "incremental", null, List.of("scsi0")));
        assertEquals(new LevelPlan("differential", null, "f"),
                LevelPlan.decide(repo, "lab/101", "differential", null, List.of("scsi0")));
    }
}
