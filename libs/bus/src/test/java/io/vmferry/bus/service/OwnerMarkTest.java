package io.vmferry.bus.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerMarkTest {
    @TempDir
    Path dir;

    @Test
    void thisProcessIsAliveAnEndedOneOrAReusedPidIsNot() throws Exception {
        OwnerMark me = OwnerMark.thisProcess();
        assertTrue(me.alive());
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertFalse(new OwnerMark(ended.pid(), me.started()).alive());
        assertFalse(new OwnerMark(me.pid(), me.started().minusSeconds(1)).alive(),
                "same PID, another start time: not the process that wrote the mark");
    }

    @Test
    void markFilesAreWrittenAtomicallyAndReadBackTyped() throws Exception {
        Path file = dir.resolve("sub/.owner");
        assertEquals(Optional.empty(), MarkFiles.read(file, OwnerMark.class));
        OwnerMark me = OwnerMark.thisProcess();
        MarkFiles.write(file, me);
        assertEquals(Optional.of(me), MarkFiles.read(file, OwnerMark.class));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(".owner"), files.map(f -> f.getFileName().toString()).toList(), "no temp file left");
        }
    }

    @Test
    void anUnreadableMarkFileNamesItself() throws Exception {
        Path file = dir.resolve("holder");
        Files.writeString(file, "{not json");
        IOException e = assertThrows(IOException.class, () -> MarkFiles.read(file, OwnerMark.class));
        assertTrue(e.getMessage().startsWith(file + " cannot be read as OwnerMark: "), e.getMessage());
    }
}
