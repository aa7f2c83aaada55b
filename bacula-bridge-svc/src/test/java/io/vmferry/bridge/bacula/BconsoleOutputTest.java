package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Parsers over output captured from Debian 12's bconsole 9.6.7. */
class BconsoleOutputTest {
    private static final String BANNER = """
            Connecting to Director 127.0.0.1:19101
            1000 OK: 103 vf-dir Version: 9.6.7 (10 December 2020)
            Enter a period to cancel a command.
            """;

    @Test
    void queued() {
        String out = BANNER + "run job=\"expB\" level=Full yes\nUsing Catalog \"VfCatalog\"\nJob queued. JobId=10\n";
        assertEquals(OptionalLong.of(10), BconsoleOutput.queuedJobId(out));
        assertEquals(10, Bconsole.queued("run job=expB yes", out));
    }

    @Test
    void unknownJobQueuesNothing() {
        String out = BANNER + """
                run job=nosuch yes
                Job "nosuch" not found
                The defined Job resources are:
                     1: RestoreFiles
                Select Job resource (1-6):\s""";
        var e = assertThrows(BconsoleException.class, () -> Bconsole.queued("run job=nosuch yes", out));
        assertEquals("'run job=nosuch yes' queued no job: Job \"nosuch\" not found", e.getMessage());
    }

    @Test
    void llistWithWarnings() {
        String out = BANNER + """
                llist jobid=1
                Automatically selected Catalog: VfCatalog
                Using Catalog "VfCatalog"
                           JobId: 1
                             Job: expA.2026-11-22_05.00.26_07
                            Name: expA
                            Type: B
                           Level: F
                       JobStatus: T
                        JobFiles: 1
                        JobBytes: 102400
                       JobErrors: 2
                         Comment:\s

                """;
        JobStatus s = BconsoleOutput.jobStatus(1, out);
        assertEquals(new JobStatus(1, "expA", 'B', 'F', 'T', 2, 102400, 1), s);
        assertFalse(s.succeeded(), "T with JobErrors > 0 is a failure");
        assertTrue(s.terminated());
        assertTrue(new JobStatus(1, "x", 'B', 'F', 'T', 0, 1, 1).succeeded());
        assertFalse(new JobStatus(1, "x", 'B', 'F', 'R', 0, 1, 1).terminated());
        assertTrue(new JobStatus(1, "x", 'B', 'F', 'A', 0, 1, 1).canceled());
    }

    @Test
    void llistOfSeveralJobs() {
        String out = BANNER + """
                llist jobs client=vf-fd jobstatus=T
                Using Catalog "VfCatalog"
                           JobId: 2
                            Name: expB
                            Type: B
                       JobStatus: T
                       JobErrors: 0
                         Comment:\s

                           JobId: 7
                            Name: RestoreFiles
                            Type: R
                       JobStatus: T
                       JobErrors: 0
                         Comment:\s

                """;
        var records = BconsoleOutput.llistAll(out);
        assertEquals(2, records.size());
        assertEquals('R', BconsoleOutput.jobStatus(records.get(1)).type());
        assertEquals(7, BconsoleOutput.jobStatus(records.get(1)).jobId());
    }

    @Test
    void llistOfUnknownJob() {
        var e = assertThrows(BconsoleException.class, () -> BconsoleOutput.jobStatus(999,
                BANNER + "llist jobid=999\nNo results to list.\n"));
        assertEquals("no catalog record for job 999: No results to list.", e.getMessage());
    }

    @Test
    void jobLog() {
        String out = BANNER + """
                llist joblog jobid=4
                Automatically selected Catalog: VfCatalog
                    Time: 2026-11-22 05:01:30
                 LogText: vf-dir JobId 4: Start Backup JobId 4, Job=expC.2026-11-22_05.01.28_17
                \\

                    Time: 2026-11-22 05:01:30
                 LogText: vf-dir JobId 4: Error: Bacula vf-dir 9.6.7 (10Dec20):
                  JobId:                  4
                  Termination:            *** Backup Error ***

                \\

                """;
        List<String> log = BconsoleOutput.jobLog(out);
        assertEquals(2, log.size());
        assertEquals("vf-dir JobId 4: Start Backup JobId 4, Job=expC.2026-11-22_05.01.28_17", log.get(0));
        assertTrue(log.get(1).endsWith("Termination:            *** Backup Error ***"), log.get(1));
    }

    @Test
    void bvfsRows() {
        String out = BANNER + ".api 2\n.bvfs_lsdirs jobid=2 path=/\n"
                + "5\t0\t0\t0\tA A A A A A A A A A A A A A\t.\n"
                + "4\t0\t0\t0\tA A A A A A A A A A A A A A\t@vmferry/\n"
                + "You have messages.\n";
        List<String[]> rows = BconsoleOutput.rows(out, 6);
        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"4", "0", "0", "0", "A A A A A A A A A A A A A A", "@vmferry/"}, rows.get(1));
        assertEquals(0, BconsoleOutput.rows(out, 7).size());
    }
}
