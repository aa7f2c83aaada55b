package io.vmferry.formats.vmdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real {@code qemu-img}/{@code qemu-io}, the oracle of the VMDK tests; tests are skipped without them. */
final class QemuImg {
    private static final long TIMEOUT_SECONDS = 120;

    private QemuImg() {
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")) || onPath("qemu-img"), "qemu-img not installed");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code args}, returning stdout+stderr; a non-zero exit fails the test unless {@code mayFail}. */
    static Result exec(boolean mayFail, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + ": timed out");
        }
        Result r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        if (!mayFail && r.exit() != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
        }
        return r;
    }

    record Result(int exit, String output) {
    }

    static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        return exec(false, cmd.toArray(String[]::new)).output();
    }

    static void convertToVmdk(Path raw, Path vmdk, String subformat) throws IOException, InterruptedException {
        run("convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=" + subformat, raw.toString(), vmdk.toString());
    }

    static String info(Path image) throws IOException, InterruptedException {
        return run("info", "--output=json", image.toString());
    }

    /** qemu-io commands on a vmdk image, e.g. {@code "write -P 0xab 0 64k"}. */
    static void io(Path image, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "vmdk"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image.toString());
        exec(false, cmd.toArray(String[]::new));
    }
}
