package io.vmferry.reader;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img and qemu-io and parses what they print. */
final class Tools {

    private Tools() {
    }

    /** Runs a command to completion; fails with its output on a non-zero exit. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Creates a qcow2 image of {@code size} (qemu-img syntax). */
    static void createQcow2(Path image, String size) throws IOException, InterruptedException {
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), size);
    }

    /** Runs qemu-io commands ({@code write -P 0x11 0 64k}, {@code write -z 3M 64k}) on a qcow2 image. */
    static void qemuIo(Path image, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image.toString());
        run(cmd.toArray(String[]::new));
    }

    /** {@code qemu-img convert -O raw}. */
    static void toRaw(Path image, Path raw) throws IOException, InterruptedException {
        run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", image.toString(), raw.toString());
    }

    /** True when {@code qemu-img compare} says the raw image and the qcow2 image have equal content. */
    static boolean sameContent(Path raw, Path qcow2) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("qemu-img", "compare", "-q", "-f", "raw", "-F", "qcow2", raw.toString(),
                qcow2.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(120, TimeUnit.SECONDS);
        return p.exitValue() == 0;
    }

    /** Ranges that {@code qemu-img map} reports as allocated data (not zero), merged. */
    static List<Range> allocatedData(Path qcow2) throws IOException, InterruptedException {
        JsonArray map = new JsonArray(run("qemu-img", "map", "--output=json", "-f", "qcow2", qcow2.toString()));
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < map.size(); i++) {
            JsonObject e = map.getJsonObject(i);
            if (e.getBoolean("data") && !e.getBoolean("zero")) {
                Range.add(out, e.getLong("start"), e.getLong("length"));
            }
        }
        return out;
    }
}
