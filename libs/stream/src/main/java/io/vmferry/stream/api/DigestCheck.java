package io.vmferry.stream.api;

/**
 * What a {@link StreamDecoder} does with the trailer's content SHA-256 (docs/stream-format.md §5, §9).
 * Every decoder checks every frame's CRC-32C, the order rules, LZ4 blocks and the trailer's counts either way.
 */
public enum DigestCheck {
    /** Hash the logical content and refuse a trailer whose SHA-256 differs ({@code DIGEST_MISMATCH}). */
    VERIFY,
    /**
     * Do not hash: the trailer's SHA-256 is carried to where the stream is stored, unchanged, and checked by
     * whoever reads the stream (a restore, {@code vmferry verify}, a Bacula restore). For a sink that stores
     * streams as they arrive; the transport is already covered by the frames' CRC-32C and TLS. Performance: the
     * content hash was a third of a storing sink's CPU, and the sender hashes the same bytes anyway.
     */
    CARRY
}
