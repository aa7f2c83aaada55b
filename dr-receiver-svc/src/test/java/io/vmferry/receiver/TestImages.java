package io.vmferry.receiver;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.StreamExtent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Raw test images made by {@code qemu-img}/{@code qemu-io}, and the extent lists of full and delta streams. */
final class TestImages {
    static final int BLOCK = 64 * 1024;

    private TestImages() {
    }

    /** {@code qemu-img create -f raw path size}. */
    static Path create(Path path, long size) throws IOException {
        run("qemu-img", "create", "-q", "-f", "raw", path.toString(), Long.toString(size));
        return path;
    }

    /** A copy of {@code from} at {@code to} that {@code qemu-io} then changes with {@code commands}. */
    static Path derive(Path from, Path to, String... commands) throws IOException {
        run("cp", "--sparse=always", from.toString(), to.toString());
        return edit(to, commands);
    }

    /** Runs each {@code qemu-io} command ({@code write -P 0xaa 0 1M}, {@code write -z 8M 512K}) on {@code image}. */
    static Path edit(Path image, String... commands) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image.toString());
        run(cmd.toArray(String[]::new));
        return image;
    }

    /** True when {@code qemu-img compare} finds the two images identical. */
    static boolean same(Path a, Path b) throws IOException {
        return exec("qemu-img", "compare", "-q", "-f", "raw", "-F", "raw", a.toString(), b.toString()) == 0;
    }

    /** A full stream of {@code image}: data for non-zero 64 KiB blocks, holes for the zero ones. */
    static List<StreamExtent> full(Path image) throws IOException {
        byte[] b = Files.readAllBytes(image);
        List<StreamExtent> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += BLOCK) {
            byte[] block = Arrays.copyOfRange(b, off, Math.min(b.length, off + BLOCK));
            out.add(isZero(block) ? StreamExtent.hole(off, block.length) : StreamExtent.data(off, Buffer.buffer(block)));
        }
        return out;
    }

    /** An incremental from {@code before} to {@code after}: each changed 64 KiB block as data, or zero when now zero. */
    static List<StreamExtent> delta(Path before, Path after) throws IOException {
        byte[] a = Files.readAllBytes(before);
        byte[] b = Files.readAllBytes(after);
        List<StreamExtent> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += BLOCK) {
            int end = Math.min(b.length, off + BLOCK);
            byte[] block = Arrays.copyOfRange(b, off, end);
            if (off < a.length && Arrays.equals(block, Arrays.copyOfRange(a, off, Math.min(a.length, end)))) {
                continue;
            }
            out.add(isZero(block) ? StreamExtent.zero(off, block.length) : StreamExtent.data(off, Buffer.buffer(block)));
        }
        return out;
    }

    /** Bytes the file system allocated for {@code file}. */
    static long allocated(Path file) throws IOException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split(" ");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static boolean isZero(byte[] block) {
        for (byte x : block) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void run(String... cmd) throws IOException {
        int rc = exec(cmd);
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + rc);
        }
    }

    private static int exec(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
