package io.vmferry.formats.testing;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.FormatException;
import io.vmferry.formats.api.ImageFormats;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damages copies of valid images and checks how readers fail. */
public final class Corrupt {
    private Corrupt() {
    }

    /** A copy of {@code image} named {@code name} next to it. */
    public static Path copy(Path image, String name) throws IOException {
        return Files.copy(image, image.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
    }

    public static void truncate(Path p, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    public static void put(Path p, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        }
    }

    public static void putLong(Path p, long at, long v, ByteOrder order) throws IOException {
        put(p, at, ByteBuffer.allocate(8).order(order).putLong(v).array());
    }

    public static void putInt(Path p, long at, int v, ByteOrder order) throws IOException {
        put(p, at, ByteBuffer.allocate(4).order(order).putInt(v).array());
    }

    public static ByteBuffer read(Path p, long at, int len, ByteOrder order) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            byte[] b = new byte[len];
            f.seek(at);
            f.readFully(b);
            return ByteBuffer.wrap(b).order(order);
        }
    }

    /** Opens {@code p} as {@code format}, maps and reads every data extent (small images only). */
    public static void openAndReadAll(Path p, String format) throws IOException {
        try (BlockReader r = ImageFormats.open(p, format)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (Extent e : r.extents(0, r.size())) {
                for (long pos = e.offset(); pos < e.end(); pos += buf.capacity()) {
                    buf.clear().limit((int) Math.min(buf.capacity(), e.end() - pos));
                    r.read(pos, buf);
                }
            }
        }
    }

    /**
     * Asserts that opening and reading {@code p} fails fast with a one-line {@link FormatException}
     * naming the file and containing {@code reason}.
     */
    public static FormatException assertFails(Path p, String format, String reason) {
        FormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(FormatException.class, () -> openAndReadAll(p, format)));
        String msg = e.getMessage();
        assertTrue(msg.contains(p.getFileName().toString()), "message names the file: " + msg);
        assertTrue(msg.contains(reason), "message '" + msg + "' should contain '" + reason + "'");
        assertFalse(msg.contains("\n"), "one line: " + msg);
        return e;
    }
}
