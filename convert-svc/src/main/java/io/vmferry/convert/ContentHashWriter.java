package io.vmferry.convert;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.ForwardingWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes a raw target as it is written: the SHA-256 of the disk's bytes in order (data as written, zeros for zero
 * ranges and for the gaps between ranges, up to the disk size), which is the SHA-256 of the raw file. The file is
 * written with {@code O_DIRECT}, so hashing it afterwards ({@link FileHash}) would read every byte back from the disk.
 */
final class ContentHashWriter extends ForwardingWriter {
    private static final byte[] ZEROS = new byte[1 << 20];

    private final MessageDigest digest;
    private long hashed;
    private String sha256;

    ContentHashWriter(BlockWriter writer) {
        super(writer);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        writer.write(offset, src.duplicate());
        zerosUpTo(offset);
        digest.update(src.duplicate());
        hashed = offset + length;
    }

    @Override
    public void zero(long offset, long length) throws IOException {
        writer.zero(offset, length);
        zerosUpTo(offset + length);
    }

    @Override
    public void finish() throws IOException {
        writer.finish();
        zerosUpTo(writer.size());
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of the image, once finished. */
    String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the image is not finished");
        }
        return sha256;
    }

    private void zerosUpTo(long end) {
        while (hashed < end) {
            int n = (int) Math.min(ZEROS.length, end - hashed);
            digest.update(ZEROS, 0, n);
            hashed += n;
        }
    }
}
