package io.vmferry.stream.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vmferry.stream.api.FrameType;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoded frames: the same bytes whatever memory the payload is in, and direct all through for a direct payload. */
class FrameHeaderTest {
    private static final int LENGTH = 64 << 10;

    @Test
    void aDirectPayloadMakesAFrameTheTlsEngineTakesAsItIs() {
        byte[] data = new byte[LENGTH];
        new Random(7).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(LENGTH).put(data).flip();
        Buffer fromDirect = FrameHeader.encode(FrameType.DATA, 0, 3, 1 << 20, LENGTH,
                BufferInternal.buffer(Unpooled.wrappedBuffer(direct)), 0, LENGTH);
        Buffer fromHeap = FrameHeader.encode(FrameType.DATA, 0, 3, 1 << 20, LENGTH, Buffer.buffer(data), 0, LENGTH);

        ByteBuf frame = ((BufferInternal) fromDirect).getByteBuf();
        assertTrue(frame.isDirect(), "header and payload both direct: no copy before encryption");
        assertTrue(frame.slice(FrameHeader.SIZE - 4, 16 << 10).isDirect(), "a TLS record's slice across the header");
        assertFalse(((BufferInternal) fromHeap).getByteBuf().isDirect());
        assertEquals(fromHeap, fromDirect, "same header, CRC and payload bytes");
        assertEquals(FrameHeader.SIZE + LENGTH, fromDirect.length());
    }
}
