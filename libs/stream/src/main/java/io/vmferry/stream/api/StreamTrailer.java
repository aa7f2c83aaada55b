package io.vmferry.stream.api;

/**
 * Last frame of a stream: the counts of what was sent and the SHA-256 (lower-case hex) of the
 * logical content (defined in {@code docs/stream-format.md} §5: independent of compression).
 */
public record StreamTrailer(long sequence, StreamCounts counts, String sha256) implements StreamFrame {

    /** Requires counts and a 64-digit SHA-256. */
    public StreamTrailer {
        if (counts == null || sha256 == null || sha256.length() != 64) {
            throw new IllegalArgumentException("trailer needs counts and a 64-digit sha256");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.TRAILER;
    }
}
