package io.vmferry.nbd.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.nbd.api.NbdExtent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference tools (qemu-img, qemu-io, nbdinfo, nbdcopy) and parses what they print. */
final class Tools {

    private Tools() {
    }

    /** Runs a command to completion (at most 60 s); fails with its output on a non-zero exit. */
    static String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (!exited || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + (exited ? " failed: " : " timed out: ") + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code nbdinfo --map[=CONTEXT] --json URI} as extents, adjacent equal types merged. */
    static List<NbdExtent> nbdinfoMap(String uri, String context) throws IOException, InterruptedException {
        String json = run("nbdinfo", "--map=" + context, "--json", uri);
        JsonArray array = new JsonArray(json);
        List<NbdExtent> extents = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject e = array.getJsonObject(i);
            extents.add(new NbdExtent(e.getLong("offset"), e.getLong("length"), e.getInteger("type")));
        }
        return merge(extents);
    }

    /** Merges adjacent extents with equal flags, the form {@code NbdClient#extents} returns. */
    static List<NbdExtent> merge(List<NbdExtent> in) {
        List<NbdExtent> out = new ArrayList<>();
        for (NbdExtent e : in) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).end() == e.offset() && out.get(last).flags() == e.flags()) {
                out.set(last, new NbdExtent(out.get(last).offset(), out.get(last).length() + e.length(), e.flags()));
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
