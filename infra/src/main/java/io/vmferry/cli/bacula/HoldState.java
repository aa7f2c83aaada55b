package io.vmferry.cli.bacula;

import io.vmferry.bus.Json;
import io.vmferry.bus.events.SnapshotReady;

/**
 * What the snapshot holder publishes in {@code hold/ready.json} for the readers of a VM.
 *
 * @param ready   the snapshot: level actually served, exports of every disk
 * @param pointId this job's point id ({@code bacula-<JobId>}), the job id of every stream header
 * @param parent  the point the streams build on (null for full)
 */
record HoldState(SnapshotReady ready, String pointId, String parent) {

    String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode the hold state", e);
        }
    }

    static HoldState fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, HoldState.class);
        } catch (Exception e) {
            throw new IllegalStateException("bad hold state: " + e.getMessage(), e);
        }
    }
}
