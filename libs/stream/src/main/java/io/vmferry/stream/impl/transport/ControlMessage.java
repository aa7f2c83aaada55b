package io.vmferry.stream.impl.transport;

import io.vmferry.stream.impl.Crc;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A message from the sink to the sender (the only bytes that flow that way), big-endian:
 *
 * <pre>
 * | offset | size | field       | meaning                                                        |
 * |--------|------|-------------|----------------------------------------------------------------|
 * | 0      | 4    | magic       | 56 46 53 43 ("VFSC")                                           |
 * | 4      | 1    | kind        | 1 READY, 2 ACK, 3 ERROR                                        |
 * | 5      | 1    | version     | 1                                                              |
 * | 6      | 2    | text length | 0..1024                                                        |
 * | 8      | 8    | value       | READY: largest data frame accepted; ACK: trailer sequence;     |
 * |        |      |             | ERROR: last sequence received (-1 before the header)           |
 * | 16     | 32   | sha256      | ACK: content SHA-256 the sink verified; otherwise zeros        |
 * | 48     | 4    | crc32c      | CRC-32C of bytes 0..47, then the text                          |
 * | 52     | n    | text        | UTF-8; ERROR: the one-line reason                              |
 * </pre>
 *
 * @param kind   what the sink says
 * @param value  see the table
 * @param sha256 lower-case hex for ACK, null otherwise
 * @param text   reason for ERROR, empty otherwise
 */
public record ControlMessage(Kind kind, long value, String sha256, String text) {
    /** Frozen magic. DO NOT MODIFY. */
    static final int MAGIC = 0x56465343;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int KIND_OFFSET = MAGIC_OFFSET + 4;
    static final int VERSION_OFFSET = KIND_OFFSET + 1;
    static final int TEXT_LENGTH_OFFSET = VERSION_OFFSET + 1;
    static final int VALUE_OFFSET = TEXT_LENGTH_OFFSET + 2;
    static final int SHA256_OFFSET = VALUE_OFFSET + 8;
    static final int CRC_OFFSET = SHA256_OFFSET + 32;
    static final int HEADER_SIZE = CRC_OFFSET + 4;
    static final int MAX_TEXT_BYTES = 1024;

    /** Message kinds with frozen codes. DO NOT MODIFY the codes. */
    public enum Kind {
        READY(1), ACK(2), ERROR(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind valueOf(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public static ControlMessage ready(int maxDataFrameBytes) {
        return new ControlMessage(Kind.READY, maxDataFrameBytes, null, "");
    }

    public static ControlMessage ack(long sequence, String sha256) {
        return new ControlMessage(Kind.ACK, sequence, sha256, "");
    }

    public static ControlMessage error(long lastSequence, String reason) {
        return new ControlMessage(Kind.ERROR, lastSequence, null, reason == null ? "" : reason);
    }

    /** The wire form; text longer than 1024 bytes is cut. */
    public Buffer encode() {
        byte[] bytes = text.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, MAX_TEXT_BYTES);
        Buffer out = Buffer.buffer(HEADER_SIZE + n)
                .appendInt(MAGIC)
                .appendUnsignedByte((short) kind.code)
                .appendUnsignedByte((short) VERSION)
                .appendUnsignedShort(n)
                .appendLong(value)
                .appendBytes(sha256 == null ? new byte[32] : HexFormat.of().parseHex(sha256))
                .appendInt(0)
                .appendBytes(bytes, 0, n);
        return out.setInt(CRC_OFFSET, Crc.of(out, 0, CRC_OFFSET, out, HEADER_SIZE, n));
    }
}
