package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/** A dirty bitmap by node and name, as {@code block-export-add} takes it in {@code bitmaps}. */
public record BitmapRef(String node, String name) {
    JsonObject toJson() {
        return new JsonObject().put("node", node).put("name", name);
    }
}
