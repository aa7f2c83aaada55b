package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/**
 * {@code query-status}: e.g. {@code {"status": "running", "singlestep": false, "running": true}}.
 *
 * @param status QEMU's run state: {@code running}, {@code paused}, {@code prelaunch}, {@code shutdown}, ...
 */
public record VmStatus(String status, boolean running) {
    static VmStatus from(JsonObject json) {
        return new VmStatus(json.getString("status", ""), json.getBoolean("running", false));
    }
}
