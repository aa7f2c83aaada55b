package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** {@code qemu-img}, the oracle of the conversion tests, and the test images made with it. */
final class QemuImg {
    static final long MIB = 1 << 20;

    private QemuImg() {
    }

    /** Runs {@code qemu-img args...}; returns exit code and merged output. */
    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    /** Runs and requires exit 0. */
    static String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertEquals(0, r.exit(), () -> "qemu-img " + String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    /** Asserts that {@code a} and {@code b} hold the same guest content. */
    static void assertSameContent(Path a, Path b) throws IOException, InterruptedException {
        ok("compare", "-q", a.toString(), b.toString());
    }

    /**
     * A raw disk of {@code size} bytes created by {@code qemu-img create}, then filled with random
     * data in chunks, an explicit zero run and holes between them (deterministic for a seed).
     */
    static Path patternedRaw(Path path, long size, long seed) throws IOException, InterruptedException {
        ok("create", "-q", "-f", "raw", path.toString(), Long.toString(size));
        Random rnd = new Random(seed);
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            for (long at = 0; at < size; at += 4 * MIB) {
                byte[] data = new byte[(int) Math.min(MIB + rnd.nextInt(70_000), size - at)];
                rnd.nextBytes(data);
                f.seek(at);
                f.write(data);
            }
            f.seek(2 * MIB);
            f.write(new byte[(int) Math.min(MIB, size - 2 * MIB)]);
            byte[] tail = new byte[3_000];
            rnd.nextBytes(tail);
            f.seek(size - tail.length);
            f.write(tail);
        }
        return path;
    }

    /** Result of one command. */
    record Result(int exit, String output) {
    }
}
