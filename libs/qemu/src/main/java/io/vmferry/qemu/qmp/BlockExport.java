package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/**
 * One entry of {@code query-block-exports}, e.g. {@code {"id": "exp1", "type": "nbd", "node-name": "fleece1",
 * "shutting-down": false}}.
 */
public record BlockExport(String id, String type, String nodeName, boolean shuttingDown) {
    static BlockExport from(JsonObject json) {
        return new BlockExport(json.getString("id"), json.getString("type"), json.getString("node-name"),
                json.getBoolean("shutting-down", false));
    }
}
