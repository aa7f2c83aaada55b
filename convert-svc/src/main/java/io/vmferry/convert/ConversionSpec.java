package io.vmferry.convert;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to convert.
 *
 * @param source       the image to read (any format {@code ImageFormats} reads, or a full-backup {@code .vfs} stream)
 * @param sourceFormat the source's format, or null to detect it ({@link ImageFormatNames#VFS} for a stream file)
 * @param target       the file to create
 * @param targetFormat raw, qcow2, vhdx or vmdk; null to take it from the target's extension
 * @param options      {@code qemu-img -o} style options of the target format ({@code subformat},
 *                     {@code cluster_size}, {@code block_size}, {@code adapter_type}, ...)
 * @param force        replace an existing target
 */
public record ConversionSpec(Path source, String sourceFormat, Path target, String targetFormat,
                             Map<String, String> options, boolean force) {

    /** Requires source and target; copies the options. */
    public ConversionSpec {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target are required");
        }
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Source and target only: formats detected and from the extension, default options, no overwrite. */
    public static ConversionSpec of(Path source, Path target) {
        return new ConversionSpec(source, null, target, null, Map.of(), false);
    }

    /** This spec with another target format. */
    public ConversionSpec withTargetFormat(String format) {
        return new ConversionSpec(source, sourceFormat, target, format, options, force);
    }

    /** This spec with other target options. */
    public ConversionSpec withOptions(Map<String, String> value) {
        return new ConversionSpec(source, sourceFormat, target, targetFormat, value, force);
    }

    /** This spec with overwriting on or off. */
    public ConversionSpec withForce(boolean value) {
        return new ConversionSpec(source, sourceFormat, target, targetFormat, options, value);
    }

    /** This spec with a forced source format. */
    public ConversionSpec withSourceFormat(String format) {
        return new ConversionSpec(source, format, target, targetFormat, options, force);
    }
}
