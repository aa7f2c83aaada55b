package io.vmferry.stream.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.impl.transport.ControlDecoder;
import io.vmferry.stream.impl.transport.ControlMessage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessageTest {
    private static final List<ControlMessage> MESSAGES = List.of(ControlMessage.ready(32 << 20),
            ControlMessage.ack(194, "ab".repeat(32)), ControlMessage.error(17, "receiver failed: disk full"));

    @Test
    void roundTripInAnySplit() {
        Buffer wire = Buffer.buffer();
        MESSAGES.forEach(m -> wire.appendBuffer(m.encode()));
        for (int split = 1; split < wire.length(); split++) {
            List<ControlMessage> got = new ArrayList<>();
            ControlDecoder decoder = new ControlDecoder(got::add);
            for (int pos = 0; pos < wire.length(); pos += split) {
                decoder.feed(wire.slice(pos, Math.min(wire.length(), pos + split)));
            }
            assertEquals(MESSAGES, got, "split " + split);
        }
    }

    @Test
    void rejectsDamage() {
        Buffer wire = ControlMessage.error(1, "x").encode();
        assertEquals(StreamFormatError.CRC_MISMATCH, decodeError(wire.copy().setByte(wire.length() - 1, (byte) 'y')));
        assertEquals(StreamFormatError.BAD_MAGIC, decodeError(wire.copy().setByte(0, (byte) 0)));
        assertEquals(StreamFormatError.BAD_LENGTH, decodeError(wire.copy().setShort(6, (short) 5000)));
        assertEquals(1024, ControlMessage.error(1, "z".repeat(5000)).encode().length() - 52);
    }

    private static StreamFormatError decodeError(Buffer wire) {
        return assertThrows(StreamFormatException.class, () -> new ControlDecoder(m -> { }).feed(wire)).error();
    }
}
