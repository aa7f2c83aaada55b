package io.vmferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test images made with {@code qemu-img} (the oracle), and checks with it. */
final class ImageFixtures {
    static final long MIB = 1 << 20;

    private ImageFixtures() {
    }

    /** {@code qemu-img args...}; requires exit 0 and returns the output. */
    static String qemuImg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + cmd);
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** A raw disk made by {@code qemu-img create}, with random data chunks, an explicit zero run and holes. */
    static Path patternedRaw(Path path, long size, long seed) throws IOException, InterruptedException {
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
            f.write(new byte[500_000]);
            byte[] tail = new byte[4_000];
            rnd.nextBytes(tail);
            f.seek(size - tail.length);
            f.write(tail);
        }
        return path;
    }

    /** {@code qemu-img convert -O fmt [-o opts] raw out}. */
    static Path convert(Path raw, Path out, String format, String... options) throws IOException, InterruptedException {
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

    /** Same guest content, per {@code qemu-img compare}. */
    static void assertSameContent(Path a, Path b) throws IOException, InterruptedException {
        qemuImg("compare", "-q", a.toString(), b.toString());
    }

    /** Names of the files in {@code dir}, hidden temporary ones included. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Overwrites bytes of {@code file} at {@code offset}. */
    static void poke(Path file, long offset, byte... bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }
}
