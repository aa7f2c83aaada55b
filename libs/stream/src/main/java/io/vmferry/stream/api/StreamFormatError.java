package io.vmferry.stream.api;

/** What is wrong with a stream; carried by every {@link StreamFormatException}. */
public enum StreamFormatError {
    /** The stream, stop marker or control message does not start with the frozen magic bytes. */
    BAD_MAGIC,
    /** A format version this decoder does not implement. */
    BAD_VERSION,
    /** A frame type code that v1 does not define. */
    BAD_FRAME_TYPE,
    /** Flag bits or reserved fields that must be zero are set, or a flag not allowed for the type. */
    BAD_FLAGS,
    /** A length field outside its bounds (checked before anything is allocated). */
    BAD_LENGTH,
    /** The CRC-32C stored in a frame does not match the bytes received. */
    CRC_MISMATCH,
    /** A header frame field is invalid (empty job id, malformed VM key, bad level, bad JSON, ...). */
    BAD_HEADER,
    /** A frame that may not appear here (second header, content before the header, ...). */
    UNEXPECTED_FRAME,
    /** A sequence number that is not the previous one plus one. */
    SEQUENCE_GAP,
    /** A content frame that starts before the end of the previous one (offsets must increase). */
    OUT_OF_ORDER,
    /** A content frame that ends past the virtual size announced in the header. */
    BEYOND_VIRTUAL_SIZE,
    /** An LZ4 payload that does not decompress to exactly the announced length. */
    BAD_COMPRESSION,
    /** The trailer's frame or byte counts differ from what was received. */
    TRAILER_MISMATCH,
    /** The trailer's SHA-256 of the logical content differs from the one computed. */
    DIGEST_MISMATCH,
    /** The bytes after the trailer are not the stop marker. */
    BAD_STOP_MARKER,
    /** Bytes follow the stop marker. */
    TRAILING_BYTES,
    /** The input ended before the stop marker (the trailer is missing). */
    TRUNCATED
}
