package io.vmferry.formats.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zero scan and zero fill over heap and direct buffers, across the 64 KiB comparison chunks. */
class BuffersTest {
    static final int LENGTH = 3 * 65536 + 777;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void isZeroFindsEveryNonZeroByteAndKeepsIndexes(boolean direct) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(LENGTH + 10) : ByteBuffer.allocate(LENGTH + 10);
        buf.position(5).limit(LENGTH + 5);
        assertTrue(Buffers.isZero(buf));
        for (int at : new int[] {5, 6, 65535 + 5, 65536 + 5, 2 * 65536 + 4, LENGTH + 4}) {
            buf.put(at, (byte) 1);
            assertFalse(Buffers.isZero(buf), "byte at " + at);
            buf.put(at, (byte) 0);
        }
        buf.duplicate().clear().put(4, (byte) 1).put(LENGTH + 5, (byte) 1);
        assertTrue(Buffers.isZero(buf), "bytes outside position..limit do not count");
        assertEquals(5, buf.position());
        assertEquals(LENGTH + 5, buf.limit());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fillZeroClearsOnlyTheRemainingBytes(boolean direct) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(LENGTH + 2) : ByteBuffer.allocate(LENGTH + 2);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, (byte) 7);
        }
        Buffers.fillZero(buf.position(1).limit(LENGTH + 1));
        assertTrue(Buffers.isZero(buf));
        assertEquals(7, buf.duplicate().clear().get(0));
        assertEquals(7, buf.duplicate().clear().get(LENGTH + 1));
        assertEquals(1, buf.position());
    }
}
