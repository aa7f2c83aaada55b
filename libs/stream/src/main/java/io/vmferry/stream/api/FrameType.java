package io.vmferry.stream.api;

/** Frame types of format v1 with their frozen one-byte wire codes. */
public enum FrameType {
    /** Stream metadata; always sequence 0 and always first. */
    HEADER(0x01),
    /** Bytes of the disk at an offset, optionally LZ4-compressed. */
    DATA(0x02),
    /** A range that reads as zeros and must shadow older data of the chain. */
    ZERO(0x03),
    /** A range not allocated in this point (sparse map of a full backup). */
    HOLE(0x04),
    /** Counts and SHA-256 of the logical content; always last, followed by the stop marker. */
    TRAILER(0x05);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** Wire code. DO NOT MODIFY. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or null when v1 defines none. */
    public static FrameType valueOf(int code) {
        return switch (code) {
            case 0x01 -> HEADER;
            case 0x02 -> DATA;
            case 0x03 -> ZERO;
            case 0x04 -> HOLE;
            case 0x05 -> TRAILER;
            default -> null;
        };
    }

    /** Lower-case name for messages ({@code data}, {@code zero}, ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the frames that describe disk content: data, zero and hole. */
    public boolean isContent() {
        return this == DATA || this == ZERO || this == HOLE;
    }
}
