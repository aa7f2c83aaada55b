package io.vmferry.testkit.qemu;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a finished vmferry snapshot must not leave in a lab VM's QEMU or on disk. */
public final class LabLeftovers {
    /** The prefix of every block node, export and bitmap vmferry creates. */
    public static final String PREFIX = "vmferry-";
    private static final String CHECKPOINT = "\\d{8}T\\d{6}Z-[0-9a-f]{4}";

    private LabLeftovers() {
    }

    /**
     * Asserts QEMU holds no export ({@code query-block-exports}), no job ({@code query-jobs}), no vmferry node, no
     * frozen incremental/differential bitmap and at most one base label per tracking bitmap
     * ({@code query-named-block-nodes}), and {@code fleeceDir/<vmid>} holds no overlay file and no holder file
     * (which marks a snapshot as held).
     */
    public static void assertNone(LabVm vm, Path fleeceDir) {
        JsonArray exports = (JsonArray) vm.qmp("query-block-exports", null);
        JsonArray jobs = (JsonArray) vm.qmp("query-jobs", null);
        if (!exports.isEmpty() || !jobs.isEmpty()) {
            throw new AssertionError("left behind: exports " + exports + " jobs " + jobs);
        }
        for (Object o : (JsonArray) vm.qmp("query-named-block-nodes", null)) {
            JsonObject n = (JsonObject) o;
            if (n.getString("node-name", "").startsWith(PREFIX)) {
                throw new AssertionError("fleecing node left: " + n.getString("node-name"));
            }
            java.util.Set<String> labelled = new java.util.HashSet<>();
            for (Object b : n.getJsonArray("dirty-bitmaps", new JsonArray())) {
                String name = ((JsonObject) b).getString("name", "");
                if (name.matches(PREFIX + ".*-(inc|diff)-" + CHECKPOINT)) {
                    throw new AssertionError("frozen bitmap left: " + name);
                }
                if (name.matches(PREFIX + ".*-(inc|diff)-since-" + CHECKPOINT)
                        && !labelled.add(name.substring(0, name.indexOf("-since-")))) {
                    throw new AssertionError("more than one base label left: " + name);
                }
            }
        }
        Path dir = fleeceDir.resolve(Integer.toString(vm.vmid()));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                List<String> files = s.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".qcow2") || f.startsWith("holder")).toList();
                if (!files.isEmpty()) {
                    throw new AssertionError("overlay or holder files left: " + files);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
