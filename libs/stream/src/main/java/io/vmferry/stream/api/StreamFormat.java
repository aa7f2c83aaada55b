package io.vmferry.stream.api;

/**
 * Frozen numbers of extent stream format v1. The byte layouts live in the flyweight classes of
 * {@code io.vmferry.stream.impl} and in {@code docs/stream-format.md}; this class holds the values a
 * caller may need. DO NOT MODIFY: changing any value here is a new format version.
 */
public final class StreamFormat {
    /** Format version written in the preamble. DO NOT MODIFY. */
    public static final int VERSION = 1;
    /** Largest uncompressed payload of one data frame (32 MiB). DO NOT MODIFY. */
    public static final int MAX_DATA_FRAME_BYTES = 32 << 20;
    /** Largest JSON metadata blob in the header frame (64 KiB). DO NOT MODIFY. */
    public static final int MAX_METADATA_BYTES = 64 << 10;
    /** Largest job id and parent point id, in UTF-8 bytes. DO NOT MODIFY. */
    public static final int MAX_ID_BYTES = 128;
    /** Largest VM key ({@code host/vmid}), in UTF-8 bytes. DO NOT MODIFY. */
    public static final int MAX_VM_KEY_BYTES = 255;
    /** Largest disk name, in UTF-8 bytes. DO NOT MODIFY. */
    public static final int MAX_DISK_NAME_BYTES = 64;
    /** Largest virtual size a stream may announce (2^60 bytes, so offset + length never overflows). */
    public static final long MAX_VIRTUAL_SIZE = 1L << 60;
    /** Default file name extension of a stream stored on disk. */
    public static final String FILE_EXTENSION = ".vfs";

    private StreamFormat() {
    }
}
