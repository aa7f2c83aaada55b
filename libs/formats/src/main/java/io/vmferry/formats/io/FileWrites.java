package io.vmferry.formats.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional writes to a file, for the image writers and for whoever else writes images in place. */
public final class FileWrites {
    private FileWrites() {
    }

    /** Writes all remaining bytes of {@code src} at {@code pos} (a positional write may write fewer). */
    public static void writeFully(FileChannel ch, long pos, ByteBuffer src) throws IOException {
        long at = pos;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
    }
}
