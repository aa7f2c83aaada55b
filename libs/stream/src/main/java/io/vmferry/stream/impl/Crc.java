package io.vmferry.stream.impl;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli, {@link CRC32C}) over a frame header prefix followed by a payload. */
public final class Crc {

    private Crc() {
    }

    /**
     * CRC-32C of {@code headerLength} bytes of {@code header} from {@code headerOffset}, then all of
     * {@code payload} (which may be null or empty).
     */
    public static int of(Buffer header, int headerOffset, int headerLength, Buffer payload, int payloadOffset,
                         int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(Nio.view(header, headerOffset, headerLength));
        if (payload != null && payloadLength > 0) {
            for (ByteBuffer part : Nio.views(payload, payloadOffset, payloadLength)) {
                crc.update(part);
            }
        }
        return (int) crc.getValue();
    }

    /** {@code 0x1234abcd}: how CRCs appear in messages. */
    public static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
