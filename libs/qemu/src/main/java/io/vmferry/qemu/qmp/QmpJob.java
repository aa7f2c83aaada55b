package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/**
 * One entry of {@code query-jobs}, e.g. {@code {"id": "fleece1-job", "type": "backup", "status": "running",
 * "current-progress": 0, "total-progress": 67108864}}.
 *
 * @param status {@code created}, {@code running}, {@code paused}, {@code ready}, {@code waiting}, {@code pending},
 *               {@code aborting}, {@code concluded}, {@code null}
 * @param error  set when a concluded job failed, else null
 */
public record QmpJob(String id, String type, String status, long currentProgress, long totalProgress, String error) {

    /** True once the job finished (check {@link #error()}) and waits for {@code job-dismiss}. */
    public boolean concluded() {
        return "concluded".equals(status);
    }

    static QmpJob from(JsonObject json) {
        return new QmpJob(json.getString("id"), json.getString("type"), json.getString("status"),
                json.getLong("current-progress", 0L), json.getLong("total-progress", 0L), json.getString("error"));
    }
}
