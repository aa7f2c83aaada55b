package io.vmferry.bus.events;

import java.util.Map;

/**
 * Payload of {@code conversions.requested}: convert a disk image file on the convert service's node.
 *
 * @param source  path of the image to read (raw, qcow2, vmdk, vhdx, vpc, or a full-backup {@code .vfs} stream)
 * @param target  path of the file to create; it must not exist
 * @param format  output format: raw, qcow2, vhdx or vmdk; null to take it from the target's extension
 * @param options {@code qemu-img -o} style options of the output format ({@code subformat},
 *                {@code cluster_size}, {@code block_size}, ...)
 */
public record ConversionRequest(String source, String target, String format, Map<String, String> options) {
    public ConversionRequest {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
