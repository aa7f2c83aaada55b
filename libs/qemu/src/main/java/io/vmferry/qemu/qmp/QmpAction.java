package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A command that may also be a {@code transaction} action: the same {@code type} and {@code data} either run alone
 * ({@link QmpCommands#run}) or atomically with others ({@link QmpCommands#transaction}).
 *
 * <pre>{@code
 * qmp.transaction(List.of(
 *     QmpAction.bitmapAdd("disk0", "cbt-inc", 65536, true, false),
 *     QmpAction.blockdevBackup("fleece0-job", "disk0", "fleece0", "cbw0")));
 * }</pre>
 *
 * @param type the command name, e.g. {@code block-dirty-bitmap-add}
 * @param data its arguments
 */
public record QmpAction(String type, JsonObject data) {

    /** The transaction form {@code {"type": ..., "data": ...}}. */
    public JsonObject toJson() {
        return new JsonObject().put("type", type).put("data", data);
    }

    /** {@code block-dirty-bitmap-add}; persistent bitmaps need qcow2 v3, granularity a power of 2 ≥ 512. */
    public static QmpAction bitmapAdd(String node, String name, long granularity, boolean persistent, boolean disabled) {
        return new QmpAction("block-dirty-bitmap-add", bitmap(node, name).put("granularity", granularity)
                .put("persistent", persistent).put("disabled", disabled));
    }

    /** {@code block-dirty-bitmap-remove}. */
    public static QmpAction bitmapRemove(String node, String name) {
        return new QmpAction("block-dirty-bitmap-remove", bitmap(node, name));
    }

    /** {@code block-dirty-bitmap-clear}. */
    public static QmpAction bitmapClear(String node, String name) {
        return new QmpAction("block-dirty-bitmap-clear", bitmap(node, name));
    }

    /** {@code block-dirty-bitmap-enable}. */
    public static QmpAction bitmapEnable(String node, String name) {
        return new QmpAction("block-dirty-bitmap-enable", bitmap(node, name));
    }

    /** {@code block-dirty-bitmap-disable}. */
    public static QmpAction bitmapDisable(String node, String name) {
        return new QmpAction("block-dirty-bitmap-disable", bitmap(node, name));
    }

    /** {@code block-dirty-bitmap-merge}: ORs the {@code sources} (bitmaps on {@code node}) into {@code target}. */
    public static QmpAction bitmapMerge(String node, String target, List<String> sources) {
        return new QmpAction("block-dirty-bitmap-merge", new JsonObject().put("node", node).put("target", target)
                .put("bitmaps", new JsonArray(List.copyOf(sources))));
    }

    /**
     * {@code blockdev-backup} with {@code sync: none}: the fleecing job that copies old data to {@code target} before
     * the guest overwrites it; {@code filterNodeName} names its copy-before-write filter.
     */
    public static QmpAction blockdevBackup(String jobId, String device, String target, String filterNodeName) {
        return new QmpAction("blockdev-backup", new JsonObject().put("job-id", jobId).put("device", device)
                .put("target", target).put("sync", "none").put("filter-node-name", filterNodeName));
    }

    /** {@code blockdev-backup} with {@code sync: full} and {@code auto-dismiss: false}: a copy of the disk (test oracle). */
    public static QmpAction blockdevBackupFull(String jobId, String device, String target) {
        return new QmpAction("blockdev-backup", new JsonObject().put("job-id", jobId).put("device", device)
                .put("target", target).put("sync", "full").put("auto-dismiss", false));
    }

    private static JsonObject bitmap(String node, String name) {
        return new JsonObject().put("node", node).put("name", name);
    }
}
