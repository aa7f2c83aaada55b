package io.vmferry.snapshot;

import io.vertx.core.json.JsonObject;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** The VM's config text at snapshot time (stored with the point), or null when unreadable. */
    static String vmConfig(VmInfo vm) {
        try {
            return vm.conf() == null ? null : Files.readString(Path.of(vm.conf()));
        } catch (IOException e) {
            return null;
        }
    }
}
