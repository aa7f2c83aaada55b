package io.vmferry.qemu.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TetherTest {
    @Test
    void theChildEndsWhenThePipeCloses() throws Exception {
        Process child = new ProcessBuilder("sleep", "120").start();
        try {
            Tether tether = Tether.of(child);
            Thread.sleep(200); // the watcher has read the child's start time and waits
            assertTrue(child.isAlive());
            tether.releasePipe(); // what the kernel does when this JVM dies
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child outlived its tether");
            assertEquals(143, child.exitValue(), "ended by SIGTERM");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void anUntiedChildKeepsRunning() throws Exception {
        Process child = new ProcessBuilder("sleep", "120").start();
        try {
            Tether tether = Tether.of(child);
            tether.close();
            tether.releasePipe();
            assertFalse(child.waitFor(1, TimeUnit.SECONDS), "an untied child was ended");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void stopEndsTheChildByTermOrAfterTheGraceByKill() throws Exception {
        Process polite = new ProcessBuilder("sleep", "120").start();
        Tether.of(polite).stop(Duration.ofSeconds(10));
        assertEquals(143, polite.exitValue(), "ended by SIGTERM");

        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 120").start();
        Thread.sleep(200);
        Tether.of(stubborn).stop(Duration.ofMillis(300));
        assertEquals(137, stubborn.exitValue(), "SIGTERM ignored: ended by SIGKILL after the grace");
    }

    @Test
    void aChildThatAlreadyEndedNeedsNoTether() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertEquals(0, child.waitFor());
        Tether.of(child).close();
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsParsedTheSameOnBothSides(@TempDir Path dir) throws Exception {
        Path odd = dir.resolve("a b) c");
        Files.createSymbolicLink(odd, Path.of("/bin/sleep"));
        Process child = new ProcessBuilder(odd.toString(), "120").start();
        try {
            Thread.sleep(100);
            assertTrue(Files.readString(Path.of("/proc/" + child.pid() + "/stat")).contains("(a b) c)"));
            assertTrue(Tether.startTicks(child.pid()).matches("[0-9]+"));
            Tether.of(child).releasePipe();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child outlived its tether");
        } finally {
            child.destroyForcibly();
        }
    }
}
