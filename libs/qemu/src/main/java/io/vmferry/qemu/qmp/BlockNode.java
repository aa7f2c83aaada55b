package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * One node of {@code query-named-block-nodes} (flat). This, not {@code query-block}, shows the bitmaps of a format
 * node while a fleecing job has put a filter on top of it.
 *
 * @param nodeName    e.g. {@code drive-scsi0}'s format node, or an auto-generated {@code #block123}
 * @param driver      {@code qcow2}, {@code raw}, {@code file}, {@code copy-before-write}, ...
 * @param file        the image file name as QEMU reports it (may be a {@code json:} pseudo-filename)
 * @param virtualSize guest-visible size in bytes
 */
public record BlockNode(String nodeName, String driver, String file, long virtualSize, List<DirtyBitmap> dirtyBitmaps) {

    /** The named bitmap on this node, if any. */
    public Optional<DirtyBitmap> bitmap(String name) {
        return dirtyBitmaps.stream().filter(b -> name.equals(b.name())).findFirst();
    }

    static BlockNode from(JsonObject json) {
        JsonObject image = json.getJsonObject("image", new JsonObject());
        List<DirtyBitmap> bitmaps = json.getJsonArray("dirty-bitmaps", new JsonArray()).stream()
                .map(o -> DirtyBitmap.from((JsonObject) o)).toList();
        return new BlockNode(json.getString("node-name"), json.getString("drv"), json.getString("file"),
                image.getLong("virtual-size", 0L), bitmaps);
    }
}
