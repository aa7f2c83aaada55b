package io.vmferry.stream.impl;

import io.vmferry.stream.api.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * Flyweight over the fixed 36-byte header that starts every frame (big-endian, absolute getters).
 *
 * <pre>
 * | offset | size | field          | meaning                                                   |
 * |--------|------|----------------|-----------------------------------------------------------|
 * | 0      | 1    | type           | 0x01 header, 0x02 data, 0x03 zero, 0x04 hole, 0x05 trailer |
 * | 1      | 1    | flags          | bit 0: payload is LZ4 (data only); other bits 0           |
 * | 2      | 2    | reserved       | 0                                                         |
 * | 4      | 8    | sequence       | 0 for the header, +1 per frame                            |
 * | 12     | 8    | offset         | first disk byte (content frames), else 0                  |
 * | 20     | 8    | length         | range length (content frames; uncompressed for data)      |
 * | 28     | 4    | payload length | bytes following this header                               |
 * | 32     | 4    | crc32c         | CRC-32C of bytes 0..31, then the payload as stored        |
 * </pre>
 */
public final class FrameHeader {
    public static final int TYPE_OFFSET = 0;
    public static final int TYPE_LENGTH = 1;
    public static final int FLAGS_OFFSET = TYPE_OFFSET + TYPE_LENGTH;
    public static final int FLAGS_LENGTH = 1;
    public static final int RESERVED_OFFSET = FLAGS_OFFSET + FLAGS_LENGTH;
    public static final int RESERVED_LENGTH = 2;
    public static final int SEQUENCE_OFFSET = RESERVED_OFFSET + RESERVED_LENGTH;
    public static final int SEQUENCE_LENGTH = 8;
    public static final int OFFSET_OFFSET = SEQUENCE_OFFSET + SEQUENCE_LENGTH;
    public static final int OFFSET_LENGTH = 8;
    public static final int LENGTH_OFFSET = OFFSET_OFFSET + OFFSET_LENGTH;
    public static final int LENGTH_LENGTH = 8;
    public static final int PAYLOAD_LENGTH_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PAYLOAD_LENGTH_LENGTH = 4;
    public static final int CRC_OFFSET = PAYLOAD_LENGTH_OFFSET + PAYLOAD_LENGTH_LENGTH;
    public static final int CRC_LENGTH = 4;
    /** Size of the frame header; the CRC covers the {@link #CRC_OFFSET} bytes before it. */
    public static final int SIZE = CRC_OFFSET + CRC_LENGTH;

    /** Data payload is an LZ4 block. DO NOT MODIFY. */
    public static final int FLAG_LZ4 = 0x01;

    private final Buffer buf;

    /** Views the {@link #SIZE} bytes at the start of {@code buf}. */
    public FrameHeader(Buffer buf) {
        this.buf = buf;
    }

    public int typeCode() {
        return buf.getUnsignedByte(TYPE_OFFSET);
    }

    /** The type, or null for a code v1 does not define. */
    public FrameType type() {
        return FrameType.valueOf(typeCode());
    }

    public int flags() {
        return buf.getUnsignedByte(FLAGS_OFFSET);
    }

    public int reserved() {
        return buf.getUnsignedShort(RESERVED_OFFSET);
    }

    public long sequence() {
        return buf.getLong(SEQUENCE_OFFSET);
    }

    public long offset() {
        return buf.getLong(OFFSET_OFFSET);
    }

    public long length() {
        return buf.getLong(LENGTH_OFFSET);
    }

    /** Payload length as an unsigned 32-bit value. */
    public long payloadLength() {
        return buf.getUnsignedInt(PAYLOAD_LENGTH_OFFSET);
    }

    public int storedCrc() {
        return buf.getInt(CRC_OFFSET);
    }

    /** CRC-32C of this header's first {@link #CRC_OFFSET} bytes and {@code payload}. */
    public int computeCrc(Buffer payload) {
        return Crc.of(buf, 0, CRC_OFFSET, payload, 0, payload == null ? 0 : payload.length());
    }

    /**
     * Encodes one frame: the header with its CRC followed by {@code payloadLength} bytes of
     * {@code payload} from {@code payloadOffset} (payload may be null when the length is 0).
     * Performance: a payload is not copied. The result is a composite of the 36 header bytes and a
     * slice of {@code payload} (Netty writes it to the socket as is, and file channels take both parts
     * with one gathering write); copying every 1 MiB data frame here cost a full pass over the data on
     * both sides of the stream. The payload must therefore not be modified afterwards. A direct payload gets a
     * direct header: Netty's TLS handler hands a buffer to the engine as it is only if it is direct, and a composite
     * is direct only if every part is, so a heap header had each 16 KiB record of a direct payload copied into fresh
     * direct memory first (~4 % of the reader's CPU in a full backup).
     */
    public static Buffer encode(FrameType type, int flags, long sequence, long offset, long length,
                                Buffer payload, int payloadOffset, int payloadLength) {
        Buffer head = head(type, flags, sequence, offset, length, payloadLength);
        head.setInt(CRC_OFFSET, Crc.of(head, 0, CRC_OFFSET, payload, payloadOffset, payloadLength));
        return withPayload(head, payload, payloadOffset, payloadLength);
    }

    /**
     * As {@link #encode} for all of {@code payload}, with the frame's CRC already known: a frame a decoder verified,
     * stored again with the very header fields and payload it travelled with, has the CRC it travelled with.
     * Performance: the sink storing a stream recomputed that CRC over every payload byte (~4 % of a full backup's
     * CPU on the 2-core bench box).
     */
    public static Buffer encodeWithCrc(FrameType type, int flags, long sequence, long offset, long length,
                                       Buffer payload, int crc) {
        Buffer head = head(type, flags, sequence, offset, length, payload.length());
        head.setInt(CRC_OFFSET, crc);
        return withPayload(head, payload, 0, payload.length());
    }

    private static Buffer head(FrameType type, int flags, long sequence, long offset, long length, int payloadLength) {
        return Buffer.buffer(SIZE)
                .appendUnsignedByte((short) type.code())
                .appendUnsignedByte((short) flags)
                .appendUnsignedShort(0)
                .appendLong(sequence)
                .appendLong(offset)
                .appendLong(length)
                .appendUnsignedInt(payloadLength)
                .appendInt(0);
    }

    private static Buffer withPayload(Buffer head, Buffer payload, int payloadOffset, int payloadLength) {
        if (payloadLength == 0) {
            return head;
        }
        if (payloadLength <= SMALL_PAYLOAD || !(payload instanceof BufferInternal p)) {
            return head.appendBuffer(payload, payloadOffset, payloadLength);
        }
        ByteBuf body = p.getByteBuf().slice(payloadOffset, payloadLength);
        ByteBuf headBytes = ((BufferInternal) head).getByteBuf();
        if (body.isDirect()) {
            headBytes = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(SIZE)).clear().writeBytes(headBytes);
        }
        return BufferInternal.buffer(Unpooled.wrappedBuffer(headBytes, body));
    }

    /** Payloads up to this size (header and trailer frames, tiny data) are copied: one array is cheaper. */
    private static final int SMALL_PAYLOAD = 4096;
}
