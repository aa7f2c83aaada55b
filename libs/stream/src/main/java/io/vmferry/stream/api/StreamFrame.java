package io.vmferry.stream.api;

/**
 * One decoded frame, in stream order: a {@link StreamHeader}, then {@link ContentFrame}s, then a
 * {@link StreamTrailer}. Sequence numbers start at 0 (the header) and grow by one per frame.
 */
public sealed interface StreamFrame permits StreamHeader, ContentFrame, StreamTrailer {

    /** Position of this frame in the stream (0 for the header). */
    long sequence();

    /** Wire type of this frame. */
    FrameType type();
}
