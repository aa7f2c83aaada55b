package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.service.OwnerMark;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolderFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenReadBackAndDeleted() throws Exception {
        HolderFile h = HolderFile.ofThisProcess("lab/101", "job-1", "20261122T220000Z-abcd", "local",
                List.of("scsi0", "virtio1"));
        h.claim(dir);
        assertEquals(Optional.of(h), HolderFile.read(dir));
        assertTrue(HolderFile.read(dir).orElseThrow().owner().alive());
        HolderFile.delete(dir);
        assertEquals(Optional.empty(), HolderFile.read(dir));
    }

    @Test
    void aVmHeldByALiveProcessIsRefusedOneHeldByADeadOneIsTakenOver() throws Exception {
        HolderFile first = HolderFile.ofThisProcess("lab/101", "job-1", "20261122T220000Z-abcd", "bacula",
                List.of("scsi0"));
        first.claim(dir);
        HolderFile second = HolderFile.ofThisProcess("lab/101", "job-2", "20261122T220500Z-0f0f", "local",
                List.of("scsi0"));
        VmBusyException busy = assertThrows(VmBusyException.class, () -> second.claim(dir));
        assertEquals("a backup of VM lab/101 is already running in process " + ProcessHandle.current().pid()
                + " (job job-1, destination bacula, snapshot 20261122T220000Z-abcd)", busy.getMessage());
        assertEquals(Optional.of(first), HolderFile.read(dir), "the holder's file is untouched");

        HolderFile.delete(dir);
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new HolderFile(new OwnerMark(ended.pid(), first.owner().started()), "lab/101", null, "20261122T210000Z-0001",
                "local", List.of("scsi0")).claim(dir);
        second.claim(dir);
        assertEquals(Optional.of(second), HolderFile.read(dir));
        HolderFile.letGo(dir); // its release left something in QEMU: the file stays, a later snapshot takes over
        HolderFile third = HolderFile.ofThisProcess("lab/101", "job-3", "20261122T221000Z-0e0e", "local",
                List.of("scsi0"));
        third.claim(dir);
        assertEquals(Optional.of(third), HolderFile.read(dir));
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of("holder"), files.map(f -> f.getFileName().toString()).toList(), "no temp file left");
        }
    }
}
