package io.vmferry.stream.impl;

import io.vmferry.stream.api.FrameType;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a stream's logical content (docs/stream-format.md §5): for each content frame in
 * stream order, the 17-byte record {@code type(1) || offset(8, BE) || length(8, BE)}, followed for
 * data frames by the {@code length} uncompressed bytes. Header, trailer, sequence numbers, flags,
 * CRCs and compression do not take part, so the digest does not depend on LZ4 or on the transport.
 */
public final class ContentDigest {
    /** Size of the record that precedes every frame's bytes in the digest input. */
    public static final int RECORD_SIZE = 17;

    private final MessageDigest sha256;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_SIZE);

    public ContentDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** Adds one content frame; {@code data} holds the uncompressed bytes of data frames, else null. */
    public void update(FrameType type, long offset, long length, Buffer data) {
        record.clear();
        record.put((byte) type.code()).putLong(offset).putLong(length).flip();
        sha256.update(record);
        if (data != null) {
            for (ByteBuffer part : Nio.views(data, 0, data.length())) {
                sha256.update(part);
            }
        }
    }

    /** Lower-case hex of the digest so far; the digest is reset afterwards. */
    public String finishHex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
