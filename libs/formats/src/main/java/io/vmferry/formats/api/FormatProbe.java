package io.vmferry.formats.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What format detection looks at: the first {@link #HEAD_BYTES} and last {@link #TAIL_BYTES} bytes
 * of a file (fewer when the file is shorter).
 *
 * @param path     the file probed
 * @param fileSize its size in bytes
 * @param head     read-only bytes from offset 0
 * @param tail     read-only bytes ending at {@code fileSize}
 */
public record FormatProbe(Path path, long fileSize, ByteBuffer head, ByteBuffer tail) {
    public static final int HEAD_BYTES = 4096;
    public static final int TAIL_BYTES = 512;

    /** True when the head starts with the ASCII {@code magic}. */
    public boolean headStartsWith(String magic) {
        return startsWith(head, magic);
    }

    /** True when the last {@link #TAIL_BYTES} bytes start with the ASCII {@code magic}. */
    public boolean tailStartsWith(String magic) {
        return tail.remaining() == TAIL_BYTES && startsWith(tail, magic);
    }

    private static boolean startsWith(ByteBuffer buf, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (buf.remaining() < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (buf.get(buf.position() + i) != m[i]) {
                return false;
            }
        }
        return true;
    }
}
