package io.vmferry.formats.qcow2;

import io.airlift.compress.zstd.ZstdDecompressor;
import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates one compressed cluster: raw deflate (zlib without header, {@code compression_type} 0)
 * or a zstd frame ({@code compression_type} 1). The compressed range may run past the end of the
 * stream into the next cluster's data: deflate stops once the cluster is full, zstd is cut
 * at the end of its first frame ({@link ZstdFrame}).
 */
final class Qcow2Decompressor {
    private final ImageFile file;
    private final int compressionType;
    private final Inflater inflater = new Inflater(true);
    private final ZstdDecompressor zstd = new ZstdDecompressor();

    Qcow2Decompressor(ImageFile file, int compressionType) {
        this.file = file;
        this.compressionType = compressionType;
    }

    /**
     * Decompresses {@code src[0, srcLen)} into {@code dst}; at least {@code minOut} bytes must come
     * out, the rest of {@code dst} is zero-filled.
     */
    void decompress(byte[] src, int srcLen, byte[] dst, int minOut, long hostOffset) throws IOException {
        int n;
        try {
            n = compressionType == Qcow2Header.COMPRESSION_ZSTD ? zstd(src, srcLen, dst) : deflate(src, srcLen, dst);
        } catch (DataFormatException | IOException | RuntimeException e) {
            throw file.error("corrupt compressed cluster at offset " + hostOffset + ": " + e.getMessage());
        }
        if (n < minOut) {
            throw file.error("compressed cluster at offset " + hostOffset + " inflates to " + n
                    + " bytes, expected " + minOut);
        }
        java.util.Arrays.fill(dst, n, dst.length, (byte) 0);
    }

    private int deflate(byte[] src, int srcLen, byte[] dst) throws DataFormatException {
        inflater.reset();
        inflater.setInput(src, 0, srcLen);
        int n = 0;
        while (n < dst.length && !inflater.finished()) {
            int k = inflater.inflate(dst, n, dst.length - n);
            if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            n += k;
        }
        return n;
    }

    private int zstd(byte[] src, int srcLen, byte[] dst) throws IOException {
        // the streaming decoder reads past the frame into the next cluster's bytes; cut the frame out
        int frame = ZstdFrame.length(src, srcLen);
        if (frame < 0) {
            throw new IOException("malformed or truncated zstd frame");
        }
        return zstd.decompress(src, 0, frame, dst, 0, dst.length);
    }

    void close() {
        inflater.end();
    }
}
