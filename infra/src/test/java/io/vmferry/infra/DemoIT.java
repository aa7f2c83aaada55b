package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first command: a throw-away VM, full → incremental → differential, each point restored and compared. */
class DemoIT {

    @Test
    void demoBacksUpEveryLevelAndEachRestoreIsIdentical() {
        CliRun r = CliRun.run("demo");
        assertEquals(0, r.code(), r.toString());
        for (String level : List.of("full", "incremental", "differential")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(level + " ") && l.strip().endsWith("identical")),
                    level + " row missing or not identical:\n" + r.out());
        }
    }
}
