package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Sizes;

import java.util.Map;

/**
 * Options of {@link VhdxWriter}.
 *
 * @param blockSize payload block size, a power of two from 1 MiB to 256 MiB
 */
public record VhdxWriterOptions(long blockSize) {
    /** qemu's default block size for disks up to 1 TiB. */
    public static final long DEFAULT_BLOCK_SIZE = 32L << 20;
    public static final VhdxWriterOptions DEFAULTS = new VhdxWriterOptions(DEFAULT_BLOCK_SIZE);

    public VhdxWriterOptions {
        if (blockSize < (1 << 20) || blockSize > (256 << 20) || Long.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block_size " + blockSize + " is not a power of two in [1M, 256M]");
        }
    }

    /**
     * Parses {@code qemu-img -o} style options: {@code block_size} (bytes or with K/M suffix) and
     * {@code subformat} (only {@code dynamic}). Unknown names are rejected.
     */
    public static VhdxWriterOptions fromMap(Map<String, String> options) {
        long blockSize = DEFAULT_BLOCK_SIZE;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "block_size" -> blockSize = Sizes.parse(e.getValue());
                case "subformat" -> {
                    if (!e.getValue().equals("dynamic")) {
                        throw new IllegalArgumentException("vhdx writer only writes subformat=dynamic");
                    }
                }
                default -> throw new IllegalArgumentException("unknown vhdx option '" + e.getKey() + "'");
            }
        }
        return new VhdxWriterOptions(blockSize);
    }
}
