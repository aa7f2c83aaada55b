package io.vmferry.qemu.img;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Blocking calls of the {@code qemu-img} tool (image facts for stopped VMs). */
public final class QemuImg {
    private QemuImg() {
    }

    /** Facts about an image as {@code qemu-img info --output=json} reports them. */
    public record Info(String format, long virtualSize, long actualSize, JsonObject raw) {
    }

    /** {@code qemu-img info -U} of {@code image} (shared lock: works while a VM runs). */
    public static Info info(Path image) throws IOException {
        JsonObject o = new JsonObject(run(List.of("qemu-img", "info", "--output=json", "-U", image.toString())));
        return new Info(o.getString("format"), o.getLong("virtual-size", 0L), o.getLong("actual-size", 0L), o);
    }

    /** Runs a command; returns stdout, or throws with its first stderr line. */
    public static String run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err;
        String out;
        try (var o = p.getInputStream(); var e = p.getErrorStream()) {
            // stderr on its own thread (not a shared pool, which may be busy): a full pipe would stall the tool
            var errBytes = new java.util.concurrent.atomic.AtomicReference<byte[]>(new byte[0]);
            Thread errReader = Thread.ofVirtual().start(() -> {
                try {
                    errBytes.set(e.readAllBytes());
                } catch (IOException x) {
                    // tool gone
                }
            });
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            errReader.join();
            err = errBytes.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command.get(0) + " interrupted");
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command.get(0) + " interrupted");
        }
        if (p.exitValue() != 0) {
            String msg = new String(err, StandardCharsets.UTF_8).strip();
            int nl = msg.indexOf('\n');
            throw new IOException((nl < 0 ? msg : msg.substring(0, nl)).replaceFirst("^qemu-img: ", ""));
        }
        return out;
    }
}
