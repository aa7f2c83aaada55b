package io.vmferry.stream.impl;

import io.vmferry.stream.api.StreamFormat;
import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;

/**
 * Flyweight over the 12-byte stream preamble and the 8-byte stop marker (big-endian).
 *
 * <pre>
 * Preamble
 * | offset | size | field    | value                                         |
 * |--------|------|----------|-----------------------------------------------|
 * | 0      | 8    | magic    | 56 4D 46 53 0D 0A 1A 0A  ("VMFS\r\n\x1a\n")    |
 * | 8      | 2    | version  | 1                                             |
 * | 10     | 2    | reserved | 0                                             |
 *
 * Stop marker (after the trailer frame, last bytes of the stream)
 * | 0      | 8    | stop     | 56 4D 46 53 2D 45 4E 44  ("VMFS-END")          |
 * </pre>
 * The CR/LF/SUB bytes of the magic catch line-ending conversion and text-mode transfers, like PNG's.
 */
public final class Preamble {
    /** Stream magic. DO NOT MODIFY. */
    private static final byte[] MAGIC = {0x56, 0x4D, 0x46, 0x53, 0x0D, 0x0A, 0x1A, 0x0A};
    /** Stop marker. DO NOT MODIFY. */
    private static final byte[] STOP = {0x56, 0x4D, 0x46, 0x53, 0x2D, 0x45, 0x4E, 0x44};

    public static final int MAGIC_OFFSET = 0;
    public static final int MAGIC_LENGTH = 8;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int VERSION_LENGTH = 2;
    public static final int RESERVED_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    public static final int RESERVED_LENGTH = 2;
    public static final int SIZE = RESERVED_OFFSET + RESERVED_LENGTH;
    public static final int STOP_SIZE = STOP.length;

    private Preamble() {
    }

    /** A fresh preamble for the current version. */
    public static Buffer encode() {
        return Buffer.buffer(SIZE).appendBytes(MAGIC).appendUnsignedShort(StreamFormat.VERSION).appendUnsignedShort(0);
    }

    /** The stop marker bytes. */
    public static Buffer stopMarker() {
        return Buffer.buffer(STOP);
    }

    /** Checks magic, version and reserved bits of the {@link #SIZE} bytes in {@code buf}. */
    public static void ensureValid(Buffer buf) {
        byte[] magic = buf.getBytes(MAGIC_OFFSET, MAGIC_OFFSET + MAGIC_LENGTH);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new StreamFormatException(StreamFormatError.BAD_MAGIC,
                    "not an extent stream: magic " + HexFormat.of().formatHex(magic) + ", expected "
                            + HexFormat.of().formatHex(MAGIC));
        }
        int version = buf.getUnsignedShort(VERSION_OFFSET);
        if (version != StreamFormat.VERSION) {
            throw new StreamFormatException(StreamFormatError.BAD_VERSION,
                    "unsupported stream format version " + version + ", this reader knows " + StreamFormat.VERSION);
        }
        if (buf.getUnsignedShort(RESERVED_OFFSET) != 0) {
            throw new StreamFormatException(StreamFormatError.BAD_FLAGS, "reserved preamble bits set");
        }
    }

    /** Checks the {@link #STOP_SIZE} bytes in {@code buf} against the stop marker. */
    public static void ensureStopMarker(Buffer buf, long position) {
        byte[] stop = buf.getBytes(0, STOP_SIZE);
        if (!java.util.Arrays.equals(stop, STOP)) {
            throw new StreamFormatException(StreamFormatError.BAD_STOP_MARKER, "bad stop marker "
                    + HexFormat.of().formatHex(stop) + " at stream byte " + position);
        }
    }
}
