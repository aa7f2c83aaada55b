package io.vmferry.stream.impl;

import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block format per data frame (no frame header, no checksum: the frame's CRC-32C covers the
 * compressed bytes and the logical SHA-256 the uncompressed ones). Decompression uses the safe
 * decompressor with an exact output bound, so a malicious payload cannot write past its buffer.
 */
public final class Lz4 {
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();

    private Lz4() {
    }

    /** The LZ4 block of {@code length} bytes of {@code src} from {@code offset}, or null if it is not smaller. */
    public static Buffer compress(Buffer src, int offset, int length) {
        byte[] out = new byte[COMPRESSOR.maxCompressedLength(length)];
        int n = COMPRESSOR.compress(Nio.view(src, offset, length), 0, length, ByteBuffer.wrap(out), 0, out.length);
        return n < length ? Nio.wrap(out, 0, n) : null;
    }

    /** Decompresses {@code src} into exactly {@code length} bytes, or fails with {@code BAD_COMPRESSION}. */
    public static Buffer decompress(Buffer src, int length, long sequence) {
        byte[] out = new byte[length];
        int n;
        try {
            n = DECOMPRESSOR.decompress(Nio.view(src), 0, src.length(), ByteBuffer.wrap(out), 0, length);
        } catch (LZ4Exception e) {
            throw new StreamFormatException(StreamFormatError.BAD_COMPRESSION,
                    "data frame seq=" + sequence + ": LZ4 payload is corrupt (" + e.getMessage() + ")");
        }
        if (n != length) {
            throw new StreamFormatException(StreamFormatError.BAD_COMPRESSION,
                    "data frame seq=" + sequence + ": LZ4 payload decompresses to " + n + " bytes, frame says " + length);
        }
        return Nio.wrap(out);
    }
}
