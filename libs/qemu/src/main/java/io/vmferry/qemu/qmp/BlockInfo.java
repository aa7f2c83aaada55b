package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonObject;

/**
 * One BlockBackend of {@code query-block}: on Proxmox one per drive, named {@code drive-<disk>}.
 *
 * @param device      the BlockBackend name, e.g. {@code drive-scsi0}
 * @param inserted    false for an empty drive (a CD-ROM with no medium); the other fields are then null/0
 * @param nodeName    the top node: the format node, or a filter (copy-before-write) while fleecing
 * @param driver      format of the top node, e.g. {@code qcow2}
 * @param file        the image file name
 * @param virtualSize guest-visible size in bytes
 * @param readOnly    opened read-only
 */
public record BlockInfo(String device, boolean inserted, String nodeName, String driver, String file,
        long virtualSize, boolean readOnly) {

    static BlockInfo from(JsonObject json) {
        JsonObject ins = json.getJsonObject("inserted");
        if (ins == null) {
            return new BlockInfo(json.getString("device"), false, null, null, null, 0, false);
        }
        JsonObject image = ins.getJsonObject("image", new JsonObject());
        return new BlockInfo(json.getString("device"), true, ins.getString("node-name"), ins.getString("drv"),
                ins.getString("file"), image.getLong("virtual-size", 0L), ins.getBoolean("ro", false));
    }
}
