package io.vmferry.convert;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an incoming stream lands on an {@link ImageSink}.
 *
 * @param target  the image file to create (it must not exist)
 * @param format  raw, qcow2, vhdx or vmdk; null to take it from the target's extension
 * @param options {@code qemu-img -o} style options of the format
 */
public record SinkTarget(Path target, String format, Map<String, String> options) {
    /** Requires a target; copies the options. */
    public SinkTarget {
        if (target == null) {
            throw new IllegalArgumentException("target is required");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
