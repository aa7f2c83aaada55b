package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background sync passes progress on unchanged and leaves no thread behind once closed. */
class BackgroundSyncTest {
    @TempDir
    Path dir;

    @Test
    void forwardsProgressAndStopsItsThread() throws Exception {
        Path file = Files.write(dir.resolve("t.raw"), new byte[4096]);
        List<Long> seen = new ArrayList<>();
        try (BackgroundSync sync = BackgroundSync.of(file, (done, total) -> seen.add(done))) {
            for (long done = 0; done <= 4 * BackgroundSync.EVERY; done += BackgroundSync.EVERY / 2) {
                sync.progress(done, 4 * BackgroundSync.EVERY);
            }
        }
        assertEquals(9, seen.size());
        assertEquals(4 * BackgroundSync.EVERY, seen.get(8));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("vmferry-convert-sync")) {
                t.join(10_000);
                assertFalse(t.isAlive(), "sync thread still running");
            }
        }
    }
}
