package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        h.write(dir);
        assertEquals(Optional.of(h), HolderFile.read(dir));
        assertTrue(HolderFile.read(dir).orElseThrow().owner().alive());
        HolderFile.delete(dir);
        assertEquals(Optional.empty(), HolderFile.read(dir));
    }
}
