package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An asynchronous QMP event, e.g. {@code {"event": "JOB_STATUS_CHANGE", "data": {"status": "concluded", "id":
 * "fleece1-job"}, "timestamp": {"seconds": 1795323621, "microseconds": 338072}}}.
 *
 * @param name      e.g. {@code BLOCK_JOB_CANCELLED}, {@code BLOCK_EXPORT_DELETED}, {@code SHUTDOWN}
 * @param data      the {@code data} member, empty when absent
 * @param timestamp QEMU's clock when the event was emitted
 */
public record QmpEvent(String name, JsonObject data, Instant timestamp) {

    /** Parses an event message; the caller has checked the {@code event} member is present. */
    public static QmpEvent from(JsonObject message) {
        JsonObject ts = message.getJsonObject("timestamp", new JsonObject());
        Instant time = Instant.ofEpochSecond(ts.getLong("seconds", 0L), ts.getLong("microseconds", 0L) * 1000);
        return new QmpEvent(message.getString("event"), message.getJsonObject("data", new JsonObject()), time);
    }
}
