package io.vmferry.stream.api;

/** Per-frame compression an encoder may apply to data frames. */
public enum Compression {
    /** Payloads are stored as they are. */
    NONE,
    /** LZ4 block format per data frame; a frame is stored raw when LZ4 would not make it smaller. */
    LZ4
}
