package io.vmferry.stream.impl.transport;

import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.impl.ChunkCursor;
import io.vmferry.stream.impl.Crc;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Incremental decoder of {@link ControlMessage}s; the text length is bounded before it is read. */
public final class ControlDecoder {
    private final ChunkCursor cursor = new ChunkCursor();
    private final Handler<ControlMessage> handler;
    private Buffer header;

    public ControlDecoder(Handler<ControlMessage> handler) {
        this.handler = handler;
    }

    /** Decodes what {@code chunk} completes; throws {@link StreamFormatException} on a bad message. */
    public void feed(Buffer chunk) {
        cursor.push(chunk);
        while (true) {
            if (header == null) {
                header = cursor.take(ControlMessage.HEADER_SIZE);
                if (header == null) {
                    return;
                }
                checkHeader(header);
            }
            Buffer text = cursor.take(header.getUnsignedShort(ControlMessage.TEXT_LENGTH_OFFSET));
            if (text == null) {
                return;
            }
            Buffer h = header;
            header = null;
            handler.handle(decode(h, text));
        }
    }

    private static void checkHeader(Buffer h) {
        if (h.getInt(ControlMessage.MAGIC_OFFSET) != ControlMessage.MAGIC) {
            throw new StreamFormatException(StreamFormatError.BAD_MAGIC,
                    String.format("bad control message magic 0x%08x", h.getInt(ControlMessage.MAGIC_OFFSET)));
        }
        if (h.getUnsignedByte(ControlMessage.VERSION_OFFSET) != ControlMessage.VERSION) {
            throw new StreamFormatException(StreamFormatError.BAD_VERSION,
                    "control message version " + h.getUnsignedByte(ControlMessage.VERSION_OFFSET));
        }
        if (h.getUnsignedShort(ControlMessage.TEXT_LENGTH_OFFSET) > ControlMessage.MAX_TEXT_BYTES) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH,
                    "control message text of " + h.getUnsignedShort(ControlMessage.TEXT_LENGTH_OFFSET) + " bytes");
        }
    }

    private static ControlMessage decode(Buffer h, Buffer text) {
        int computed = Crc.of(h, 0, ControlMessage.CRC_OFFSET, text, 0, text.length());
        if (computed != h.getInt(ControlMessage.CRC_OFFSET)) {
            throw new StreamFormatException(StreamFormatError.CRC_MISMATCH, "control message crc32c: stored "
                    + Crc.hex(h.getInt(ControlMessage.CRC_OFFSET)) + ", computed " + Crc.hex(computed));
        }
        ControlMessage.Kind kind = ControlMessage.Kind.valueOf(h.getUnsignedByte(ControlMessage.KIND_OFFSET));
        if (kind == null) {
            throw new StreamFormatException(StreamFormatError.BAD_FRAME_TYPE,
                    "unknown control message kind " + h.getUnsignedByte(ControlMessage.KIND_OFFSET));
        }
        String sha = kind == ControlMessage.Kind.ACK ? HexFormat.of().formatHex(
                h.getBytes(ControlMessage.SHA256_OFFSET, ControlMessage.SHA256_OFFSET + 32)) : null;
        return new ControlMessage(kind, h.getLong(ControlMessage.VALUE_OFFSET), sha,
                text.toString(StandardCharsets.UTF_8));
    }
}
