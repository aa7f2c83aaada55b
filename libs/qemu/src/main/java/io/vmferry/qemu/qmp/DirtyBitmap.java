package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/**
 * One entry of a node's {@code dirty-bitmaps} in {@code query-named-block-nodes}.
 *
 * @param name         null for anonymous bitmaps (block jobs' internal ones)
 * @param count        dirty <em>bytes</em>, a multiple of the granularity
 * @param recording    false when disabled, or after a crash ({@code inconsistent})
 * @param busy         in use by an export or job: cannot be modified
 * @param inconsistent loaded after an unclean shutdown: only {@code block-dirty-bitmap-remove} works
 */
public record DirtyBitmap(String name, long granularity, long count, boolean recording, boolean persistent,
        boolean busy, boolean inconsistent) {

    static DirtyBitmap from(JsonObject json) {
        return new DirtyBitmap(json.getString("name"), json.getLong("granularity", 0L), json.getLong("count", 0L),
                json.getBoolean("recording", false), json.getBoolean("persistent", false),
                json.getBoolean("busy", false), json.getBoolean("inconsistent", false));
    }
}
