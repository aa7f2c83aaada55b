package io.vmferry.stream.api;

/**
 * How a {@link StreamEncoder} writes data frames.
 *
 * @param compression       per-frame compression of data payloads
 * @param maxDataFrameBytes data larger than this is split into several frames (1..32 MiB)
 */
public record EncoderOptions(Compression compression, int maxDataFrameBytes) {
    /** Default frame size: 1 MiB, a good unit for back-pressure and LZ4. */
    public static final int DEFAULT_MAX_DATA_FRAME_BYTES = 1 << 20;
    /** No compression, 1 MiB frames. */
    public static final EncoderOptions DEFAULT = new EncoderOptions(Compression.NONE, DEFAULT_MAX_DATA_FRAME_BYTES);

    /** Validates the values. */
    public EncoderOptions {
        if (compression == null) {
            throw new IllegalArgumentException("compression is required");
        }
        if (maxDataFrameBytes < 1 || maxDataFrameBytes > StreamFormat.MAX_DATA_FRAME_BYTES) {
            throw new IllegalArgumentException("max data frame bytes must be in 1.." + StreamFormat.MAX_DATA_FRAME_BYTES);
        }
    }

    /** These options with another compression ({@code value}). */
    public EncoderOptions withCompression(Compression value) {
        return new EncoderOptions(value, maxDataFrameBytes);
    }

    /** These options with another frame size. */
    public EncoderOptions withMaxDataFrameBytes(int value) {
        return new EncoderOptions(compression, value);
    }
}
