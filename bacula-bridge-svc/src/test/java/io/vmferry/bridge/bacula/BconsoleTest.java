package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process handling against a fake bconsole script (the real one is exercised by the ITs). */
class BconsoleTest {
    private static final String FAKE = """
            #!/bin/sh
            [ "$1 $3" = "-n 5" ] || [ "$1 $3" = "-n 1" ] || { echo "bad args $*"; exit 3; }
            case "$5" in *unreachable*) echo "Director authorization problem."; exit 1 ;; esac
            echo "Connecting to Director 127.0.0.1:19101"
            echo "1000 OK: 103 vf-dir Version: 9.6.7 (10 December 2020)"
            while read -r line; do
              echo "$line"
              case "$line" in
                run*) echo "Job queued. JobId=41" ;;
                "cancel jobid=41 yes") echo "3000 JobId=41 Job=\\"x\\" marked to be canceled." ;;
                cancel*) echo "Warning Job JobId=7 is not running." ;;
                sleep) sleep 30 ;;
                "llist jobid=41")
                  echo x >> "${5%/*}/asked"
                  st=R; [ "$(wc -l < "${5%/*}/asked")" -ge 4 ] && st=T
                  printf '           JobId: 41\n            Type: R\n       JobStatus: %s\n       JobErrors: 0\n' "$st" ;;
              esac
            done
            """;

    private static Bconsole fake(Path dir, String config) throws IOException {
        Path bin = dir.resolve("bconsole");
        Files.writeString(bin, FAKE);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return new Bconsole(new BconsoleOptions(bin, dir.resolve(config), Duration.ofSeconds(5)));
    }

    @Test
    void runAndCancel(@TempDir Path dir) throws IOException {
        Bconsole b = fake(dir, "bconsole.conf");
        assertEquals(41, b.run("vm-101", "Incremental"));
        assertTrue(b.cancel(41));
        assertFalse(b.cancel(7));
        assertTrue(b.execute(List.of("status dir")).contains("status dir"));
    }

    @Test
    void awaitAsksOnceASecondAndEvery100MsOnceTheDataIsThrough(@TempDir Path dir) throws IOException {
        Bconsole b = fake(dir, "bconsole.conf"); // the job ends at the 4th question
        long start = System.nanoTime();
        JobStatus slow = b.await(41, Duration.ofMinutes(1));
        long slowNanos = System.nanoTime() - start;
        assertEquals('T', slow.status());
        assertEquals(4, Files.readAllLines(dir.resolve("asked")).size());
        assertTrue(slowNanos >= Duration.ofSeconds(3).toNanos(), "three 1 s pauses between four questions");

        Files.delete(dir.resolve("asked"));
        start = System.nanoTime();
        JobStatus fast = b.await(41, Duration.ofMinutes(1), () -> true);
        long fastNanos = System.nanoTime() - start;
        assertEquals('T', fast.status());
        assertEquals(4, Files.readAllLines(dir.resolve("asked")).size());
        assertTrue(fastNanos < Duration.ofSeconds(3).toNanos(), "100 ms pauses: " + fastNanos / 1_000_000 + " ms");
    }

    @Test
    void awaitGivesUpAfterItsTimeout(@TempDir Path dir) throws IOException {
        Bconsole b = fake(dir, "bconsole.conf"); // still running at the 2nd question, a second after the first
        var e = assertThrows(BconsoleException.class, () -> b.await(41, Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("still not finished after"), e.getMessage());
    }

    @Test
    void unreachableDirector(@TempDir Path dir) throws IOException {
        var e = assertThrows(BconsoleException.class, () -> fake(dir, "unreachable.conf").execute(List.of("version")));
        assertTrue(e.getMessage().contains("could not reach the Director"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Director authorization problem."), e.getMessage());
    }

    @Test
    void timeout(@TempDir Path dir) throws IOException {
        Bconsole b = fake(dir, "bconsole.conf");
        long start = System.nanoTime();
        var e = assertThrows(BconsoleException.class, () -> b.execute(Duration.ofMillis(200), List.of("sleep")));
        assertTrue(e.getMessage().startsWith("bconsole timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void missingBinary(@TempDir Path dir) {
        Bconsole b = new Bconsole(BconsoleOptions.of(dir.resolve("c.conf")).withTimeout(Duration.ofSeconds(1)));
        Bconsole missing = new Bconsole(new BconsoleOptions(dir.resolve("nope"), dir.resolve("c"), Duration.ofSeconds(1)));
        assertThrows(BconsoleException.class, () -> missing.execute(List.of("version")));
        assertEquals(Path.of(BconsoleOptions.DEFAULT_BINARY), b.options().binary());
        assertThrows(IllegalArgumentException.class, () -> b.execute(List.of("a\nb")));
    }
}
