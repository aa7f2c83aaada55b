package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackTheSameBytesAsTheEncoder() throws Exception {
        Random rnd = new Random(5);
        StreamHeader header = TestStreams.incrementalHeader(32L << 20);
        List<StreamExtent> extents = TestStreams.extents(rnd, header.virtualSize(), 3 << 20);
        EncoderOptions options = EncoderOptions.DEFAULT.withCompression(Compression.LZ4);
        Path file = dir.resolve("disk" + StreamFormat.FILE_EXTENSION);

        StreamTrailer written;
        try (StreamFileWriter writer = StreamFileWriter.create(file, header, options)) {
            for (StreamExtent e : extents) {
                if (e.type() == FrameType.DATA) {
                    writer.data(e.offset(), ByteBuffer.wrap(e.data().getBytes()));
                } else {
                    writer.append(e);
                }
            }
            assertFalse(Files.exists(file), "only the .part file exists before finish");
            written = writer.finish();
        }
        assertEquals(TestStreams.encode(header, extents, options), Buffer.buffer(Files.readAllBytes(file)));
        assertEquals(List.of(file), Files.list(dir).toList());

        List<ContentFrame> frames = new ArrayList<>();
        try (StreamFileReader reader = StreamFileReader.open(file)) {
            assertEquals(header, reader.header());
            for (ContentFrame f; (f = reader.next()) != null; ) {
                frames.add(f);
            }
            assertEquals(written, reader.trailer());
            assertNull(reader.next());
        }
        assertEquals(written.counts().contentFrames(), frames.size());
        assertEquals(written, StreamFileReader.verify(file));
    }

    @Test
    void closeWithoutFinishLeavesNothingAndExistingFilesAreKept() throws Exception {
        Path file = dir.resolve("a.vfs");
        try (StreamFileWriter writer = StreamFileWriter.create(file, TestStreams.fullHeader(4096), EncoderOptions.DEFAULT)) {
            writer.zero(0, 4096);
        }
        assertEquals(0, Files.list(dir).count());
        Files.writeString(file, "keep");
        assertThrows(FileAlreadyExistsException.class,
                () -> StreamFileWriter.create(file, TestStreams.fullHeader(4096), EncoderOptions.DEFAULT));
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void truncatedFileNamesTheFile() throws Exception {
        Path file = dir.resolve("t.vfs");
        Buffer stream = TestStreams.encode(TestStreams.fullHeader(1 << 20),
                List.of(StreamExtent.data(0, Buffer.buffer("x".repeat(5000)))), EncoderOptions.DEFAULT);
        Files.write(file, stream.getBytes(0, stream.length() - 20));
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> StreamFileReader.verify(file));
        assertEquals(StreamFormatError.TRUNCATED, e.error());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
