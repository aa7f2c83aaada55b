package io.vmferry.stream.api;

/**
 * Frame and byte counts per content type, as carried by the trailer. {@code dataBytes} counts
 * uncompressed bytes, {@code storedDataBytes} the payload bytes actually written for data frames.
 */
public record StreamCounts(long dataFrames, long dataBytes, long storedDataBytes,
                           long zeroFrames, long zeroBytes, long holeFrames, long holeBytes) {

    /** All counts zero. */
    public static final StreamCounts EMPTY = new StreamCounts(0, 0, 0, 0, 0, 0, 0);

    /** Number of data, zero and hole frames. */
    public long contentFrames() {
        return dataFrames + zeroFrames + holeFrames;
    }

    /** These counts plus one content frame of {@code type}, {@code length} bytes, {@code stored} on the wire. */
    public StreamCounts plus(FrameType type, long length, long stored) {
        return switch (type) {
            case DATA -> new StreamCounts(dataFrames + 1, dataBytes + length, storedDataBytes + stored,
                    zeroFrames, zeroBytes, holeFrames, holeBytes);
            case ZERO -> new StreamCounts(dataFrames, dataBytes, storedDataBytes,
                    zeroFrames + 1, zeroBytes + length, holeFrames, holeBytes);
            case HOLE -> new StreamCounts(dataFrames, dataBytes, storedDataBytes,
                    zeroFrames, zeroBytes, holeFrames + 1, holeBytes + length);
            default -> throw new IllegalArgumentException("not a content frame type: " + type);
        };
    }
}
