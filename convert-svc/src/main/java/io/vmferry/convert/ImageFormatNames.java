package io.vmferry.convert;

import io.vmferry.formats.api.ImageFormats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Format names of a conversion: which the engine writes, what an extension means, what a source is. */
public final class ImageFormatNames {
    /** Pseudo-format of an extent stream v1 file ({@code .vfs}), readable as a source. */
    public static final String VFS = "vfs";
    /** Formats a conversion can write. */
    public static final List<String> WRITABLE = List.of("raw", "qcow2", "vhdx", "vmdk");
    /** Formats a conversion can read. */
    public static final List<String> READABLE = List.of("raw", "qcow2", "vhdx", "vmdk", "vpc", VFS);
    /** Stream v1 magic, "VMFS\r\n\x1a\n" (see docs/stream-format.md §2). */
    private static final byte[] VFS_MAGIC = {0x56, 0x4D, 0x46, 0x53, 0x0D, 0x0A, 0x1A, 0x0A};

    private ImageFormatNames() {
    }

    /** The output format: {@code explicit} when given, else from the target's extension. */
    public static String targetFormat(String explicit, Path target) throws ConvertException {
        String name = explicit != null ? explicit.toLowerCase(Locale.ROOT) : byExtension(target);
        if (!WRITABLE.contains(name)) {
            throw new ConvertException(ConvertException.Kind.BAD_REQUEST, "cannot write format '" + name
                    + "' (writable: " + String.join(", ", WRITABLE) + ")");
        }
        return name;
    }

    /** The source format: {@code explicit} when given, else {@code vfs} for a stream file, else detected. */
    public static String sourceFormat(String explicit, Path source) throws IOException {
        if (explicit != null) {
            String name = explicit.toLowerCase(Locale.ROOT);
            if (!READABLE.contains(name)) {
                throw new ConvertException(ConvertException.Kind.BAD_REQUEST, "cannot read format '" + explicit
                        + "' (readable: " + String.join(", ", READABLE) + ")");
            }
            return name;
        }
        return isStream(source) ? VFS : ImageFormats.detect(source);
    }

    private static boolean isStream(Path source) throws IOException {
        if (!Files.isRegularFile(source)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(source)) {
            return Arrays.equals(in.readNBytes(VFS_MAGIC.length), VFS_MAGIC);
        }
    }

    private static String byExtension(Path target) throws ConvertException {
        String file = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1);
        return switch (ext) {
            case "qcow2", "qcow" -> "qcow2";
            case "vhdx" -> "vhdx";
            case "vmdk" -> "vmdk";
            case "raw", "img", "bin" -> "raw";
            case "vhd" -> "vpc";
            default -> throw new ConvertException(ConvertException.Kind.BAD_REQUEST, "cannot tell the output format from '"
                    + target.getFileName() + "': use --format raw|qcow2|vhdx|vmdk");
        };
    }
}
