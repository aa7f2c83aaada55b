package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.BackupLevel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {
    private static final Instant T = Instant.parse("2026-11-22T05:30:00Z");
    private final CatalogPath disk = new CatalogPath(new VmDisk("h", 1, "scsi0"), T, BackupLevel.FULL, 5);
    private final CatalogPath config = new CatalogPath(new VmDisk("h", 1, "config"), T, BackupLevel.FULL, 5);

    @Test
    void allStreamsFinished(@TempDir Path dir) {
        JobJournal j = new JobJournal(dir);
        j.expect(5, List.of(disk, config));
        j.started(disk, 4242);
        assertEquals(Optional.of(4242L), j.readerPid(disk));
        j.succeeded(disk, 10, "ab");
        j.succeeded(config, 1, "cd");
        JournalCheck c = j.check(5);
        assertTrue(c.ok());
        assertEquals(List.of("vmferry: job 5: 2 streams complete"), c.report());
    }

    @Test
    void failedAndUnfinishedStreams(@TempDir Path dir) {
        JobJournal j = new JobJournal(dir);
        j.expect(5, List.of(disk, config));
        j.failed(disk, "read error\nat 1 MiB");
        JournalCheck c = j.check(5);
        assertFalse(c.ok());
        assertEquals(List.of(disk + ": read error at 1 MiB", config + ": the reader did not finish"), c.problems());
        assertEquals("vmferry: job 5 failed: " + disk + ": read error at 1 MiB", c.report().get(0));
    }

    @Test
    void generatorFailure(@TempDir Path dir) {
        JobJournal j = new JobJournal(dir);
        j.failJob(6, "unknown plugin parameter 'x'");
        assertEquals(List.of("unknown plugin parameter 'x'"), j.check(6).problems());
    }

    @Test
    void unknownJobFails(@TempDir Path dir) {
        JournalCheck c = new JobJournal(dir).check(7);
        assertFalse(c.ok());
        assertTrue(c.problems().get(0).startsWith("no record of job 7 in "), c.problems().toString());
    }
}
