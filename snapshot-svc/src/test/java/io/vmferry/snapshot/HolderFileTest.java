package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolderFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenAndReadBackThisProcessHoldsIt() throws Exception {
        HolderFile h = HolderFile.ofThisProcess("20261122T220000Z-abcd", "local", List.of("scsi0", "virtio1"));
        h.write(dir);
        assertEquals(Optional.of(h), HolderFile.read(dir));
        assertTrue(HolderFile.read(dir).orElseThrow().alive());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("holder"), files.map(f -> f.getFileName().toString()).toList(), "no temp file left");
        }
        HolderFile.delete(dir);
        assertEquals(Optional.empty(), HolderFile.read(dir));
    }

    @Test
    void anEndedProcessOrAReusedPidIsNoHolder() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        HolderFile me = HolderFile.ofThisProcess("c", "local", List.of("scsi0"));
        assertFalse(new HolderFile(ended.pid(), me.started(), "c", "local", List.of("scsi0")).alive());
        assertFalse(new HolderFile(me.pid(), me.started().minusSeconds(1), "c", "local", List.of("scsi0")).alive(),
                "same PID, another start time: not the process that wrote the file");
    }

    @Test
    void anUnreadableHolderFileNamesItself() throws Exception {
        Files.writeString(dir.resolve("holder"), "{not json");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> HolderFile.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("holder") + " is not a holder file: "), e.getMessage());
    }
}
