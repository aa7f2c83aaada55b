package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFileWriter;
import io.vmferry.stream.api.StreamHeader;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Extent streams made from raw disks, as a full backup would send them. */
final class TestStreams {
    static final int CHUNK = 256 * 1024;

    private TestStreams() {
    }

    /** The extents of {@code raw}: data chunks, holes for all-zero chunks (in ascending order). */
    static List<StreamExtent> extents(Path raw) throws IOException {
        List<StreamExtent> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long at = 0; at < size; at += CHUNK) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, size - at));
                while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
                    // fill
                }
                byte[] bytes = buf.array();
                boolean zero = true;
                for (byte b : bytes) {
                    zero &= b == 0;
                }
                out.add(zero ? StreamExtent.hole(at, bytes.length) : StreamExtent.data(at, Buffer.buffer(bytes)));
            }
        }
        return out;
    }

    /** A {@code .vfs} file of {@code raw} with {@code header}. */
    static Path fromRaw(Path raw, Path vfs, StreamHeader header, EncoderOptions options) throws IOException {
        try (StreamFileWriter w = StreamFileWriter.create(vfs, header, options)) {
            for (StreamExtent e : extents(raw)) {
                w.append(e);
            }
            w.finish();
        }
        return vfs;
    }

    /** No temporary file or directory of {@code name} is left in {@code dir}. */
    static void assertNoLeftovers(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + name + ".vmferry-")).toList());
        }
    }
}
