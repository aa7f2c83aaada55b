package io.vmferry.stream.api;

import io.vmferry.stream.impl.DirectFileOutput;
import io.vmferry.stream.impl.Nio;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stores a stream v1 that arrives as plain bytes (a pipe, e.g. what a Bacula restore hands its writer) in a new
 * file, verifying it on the way: every frame's CRC-32C, the order rules, the trailer's counts and SHA-256. One pass:
 * the bytes are decoded as they are written, never read back, and the file is written with {@code O_DIRECT} where
 * the file system allows it ({@link DirectFileOutput}), so a multi-GiB stream costs neither a page-cache copy nor a
 * re-read. On any failure the file is deleted.
 */
public final class StreamFileReceiver {
    private static final int CHUNK = 1 << 20;

    /** What was stored: the header, the verified trailer and the file's length. */
    public record Received(StreamHeader header, StreamTrailer trailer, long bytes) {
    }

    private StreamFileReceiver() {
    }

    /**
     * Copies {@code in} to its end into {@code file} (which must not exist) and verifies it as stream v1.
     *
     * @throws StreamFormatException when the bytes are not a complete, intact stream (the file is gone)
     */
    public static Received receive(InputStream in, Path file) throws IOException {
        StreamTrailer[] trailer = new StreamTrailer[1];
        StreamDecoder decoder = new StreamDecoder(f -> {
            if (f instanceof StreamTrailer t) {
                trailer[0] = t;
            }
        });
        boolean done = false;
        try (DirectFileOutput out = DirectFileOutput.create(file, true)) {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0) {
                    break;
                }
                out.write(new ByteBuffer[] {ByteBuffer.wrap(chunk)});
                decoder.feed(Nio.wrap(chunk));
            }
            decoder.end();
            out.finish();
            done = true;
            return new Received(decoder.header(), trailer[0], out.length());
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }
}
