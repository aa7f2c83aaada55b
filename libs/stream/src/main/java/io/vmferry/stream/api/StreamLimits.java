package io.vmferry.stream.api;

/**
 * Bounds a {@link StreamDecoder} enforces before allocating anything. They can only be tighter than
 * the format's own limits.
 *
 * @param maxDataFrameBytes largest data frame (uncompressed) accepted, 1..32 MiB
 */
public record StreamLimits(int maxDataFrameBytes) {
    /** The format's limits. */
    public static final StreamLimits DEFAULT = new StreamLimits(StreamFormat.MAX_DATA_FRAME_BYTES);

    /** Validates the limits. */
    public StreamLimits {
        if (maxDataFrameBytes < 1 || maxDataFrameBytes > StreamFormat.MAX_DATA_FRAME_BYTES) {
            throw new IllegalArgumentException("max data frame bytes must be in 1.." + StreamFormat.MAX_DATA_FRAME_BYTES);
        }
    }
}
