package io.vmferry.bridge.repo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code qemu-img} and {@code stat} for the image checks of the integration tests. */
final class QemuImg {
    private QemuImg() {
    }

    /** {@code qemu-img compare -f fa -F fb a b}: true when the guest-visible contents are identical. */
    static boolean identical(Path a, String fa, Path b, String fb) throws Exception {
        Result r = run("qemu-img", "compare", "-f", fa, "-F", fb, a.toString(), b.toString());
        if (r.exit > 1) {
            throw new AssertionError("qemu-img compare failed: " + r.output);
        }
        return r.exit == 0;
    }

    /** {@code qemu-img check}: the image's metadata is consistent. */
    static void check(Path qcow2) throws Exception {
        Result r = run("qemu-img", "check", "-f", "qcow2", qcow2.toString());
        if (r.exit != 0) {
            throw new AssertionError("qemu-img check " + qcow2 + ": " + r.output);
        }
    }

    /** Bytes actually allocated on disk for {@code file}. */
    static long allocated(Path file) throws Exception {
        Result r = run("stat", "-c", "%b %B", file.toString());
        String[] f = r.output.trim().split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }
}
