package io.vmferry.snapshot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about a VM's images and config that running and stopped snapshots both need. */
final class ImageTracking {
    private ImageTracking() {
    }

    /** The {@code format-specific.data} object of {@code qemu-img info} (empty when absent). */
    static JsonObject formatData(QemuImg.Info info) {
        return info.raw().getJsonObject("format-specific", new JsonObject()).getJsonObject("data", new JsonObject());
    }

    /** Why an image of {@code format} cannot store persistent bitmaps, or null when it can (qcow2 v3). */
    static String persistenceProblem(String format, JsonObject formatData) {
        if (!"qcow2".equals(format)) {
            return format + " images cannot store persistent bitmaps";
        }
        return "0.10".equals(formatData.getString("compat"))
                ? "qcow2 v2 (compat=0.10) cannot store persistent bitmaps" : null;
    }

    /**
     * True for a VM's TPM state volume ({@code tpmstate0}): raw, written by swtpm, never a QEMU drive; it is exported
     * from its file and copied whole into every point.
     */
    static boolean isTpmState(String disk) {
        return disk.startsWith("tpmstate");
    }

    /** The bitmaps {@code qemu-img info} lists: {@code in-use} on a stopped VM's image means inconsistent. */
    static List<DiskTracking.Bitmap> bitmaps(JsonObject formatData) {
        List<DiskTracking.Bitmap> out = new ArrayList<>();
        for (Object o : formatData.getJsonArray("bitmaps", new JsonArray())) {
            JsonObject b = (JsonObject) o;
            JsonArray flags = b.getJsonArray("flags", new JsonArray());
            out.add(new DiskTracking.Bitmap(b.getString("name"), !flags.contains("in-use"), flags.contains("auto")));
        }
        return out;
    }

    /** The VM's config text at snapshot time (stored with the point), or null when unreadable. */
    static String vmConfig(VmInfo vm) {
        try {
            return vm.conf() == null ? null : Files.readString(Path.of(vm.conf()));
        } catch (IOException e) {
            return null;
        }
    }
}
