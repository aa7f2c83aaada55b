package io.vmferry.testkit.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** {@code qemu-img}, the oracle of image tests, and the test images made with it. */
public final class TestImages {
    public static final long MIB = 1 << 20;

    private TestImages() {
    }

    /** Result of one {@code qemu-img} call: exit code and merged output. */
    public record Result(int exit, String output) {
    }

    /** Runs {@code qemu-img args...}. */
    public static Result run(String... args) throws IOException, InterruptedException {
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

    /** Runs {@code qemu-img args...}, requires exit 0 and returns the output. */
    public static String qemuImg(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertEquals(0, r.exit(), () -> "qemu-img " + String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    /**
     * A raw disk of {@code size} bytes made by {@code qemu-img create}, then filled with random data
     * chunks, an explicit zero run and holes between them (deterministic for a seed).
     */
    public static Path patternedRaw(Path path, long size, long seed) throws IOException, InterruptedException {
        qemuImg("create", "-q", "-f", "raw", path.toString(), Long.toString(size));
        Random rnd = new Random(seed);
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            for (long at = 0; at < size; at += 3 * MIB) {
                byte[] data = new byte[(int) Math.min(MIB + rnd.nextInt(90_000), size - at)];
                rnd.nextBytes(data);
                f.seek(at);
                f.write(data);
            }
            f.seek(MIB + 200_000);
            f.write(new byte[(int) Math.min(500_000, Math.max(0, size - MIB - 200_000))]);
            byte[] tail = new byte[(int) Math.min(4_000, size)];
            rnd.nextBytes(tail);
            f.seek(size - tail.length);
            f.write(tail);
        }
        return path;
    }

    /** {@code qemu-img convert -f raw -O fmt [-o opt]... raw out}. */
    public static Path convert(Path raw, Path out, String format, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("convert", "-f", "raw", "-O", format));
        for (String o : options) {
            args.add("-o");
            args.add(o);
        }
        args.add(raw.toString());
        args.add(out.toString());
        qemuImg(args.toArray(String[]::new));
        return out;
    }

    /** Asserts that {@code a} and {@code b} hold the same guest content ({@code qemu-img compare}). */
    public static void assertSameContent(Path a, Path b) throws IOException, InterruptedException {
        qemuImg("compare", "-q", a.toString(), b.toString());
    }
}
