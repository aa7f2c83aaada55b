package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
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

    /**
     * Frames are read three ways: payloads straight into their own arrays from the file, the same with decoding on
     * a read-ahead thread (a budget of one byte: one frame at a time), and through a pipe that returns a few bytes
     * per read. Each must give what the in-memory decoder gives for the same bytes: the same frames, or the
     * same error at the same place, for an intact stream, cuts inside payloads and headers, a flipped byte in a
     * 1 MiB payload, a wrong content digest in the trailer and a byte after the stop marker.
     */
    @Test
    void everyWayOfReadingAFileDecodesTheSameFramesAndErrors() throws Exception {
        Random rnd = new Random(9);
        byte[] big = new byte[3 << 20];
        rnd.nextBytes(big);
        byte[] small = new byte[5000];
        rnd.nextBytes(small);
        byte[] medium = new byte[20000];
        rnd.nextBytes(medium);
        Buffer good = TestStreams.encode(TestStreams.fullHeader(8 << 20), List.of(
                StreamExtent.data(0, Buffer.buffer(big)), StreamExtent.zero(3 << 20, 1 << 20),
                StreamExtent.data(4 << 20, Buffer.buffer(small)), StreamExtent.hole(5 << 20, 1 << 20),
                StreamExtent.data(6 << 20, Buffer.buffer(medium))), EncoderOptions.DEFAULT);
        Buffer flipped = good.copy();
        flipped.setByte(500_000, (byte) (flipped.getByte(500_000) ^ 1));
        Buffer wrongDigest = new RawStream(TestStreams.fullHeader(8 << 20)).data(0, Buffer.buffer(big))
                .zero(4 << 20, 4096).finish("00".repeat(32));
        List<Buffer> variants = new ArrayList<>(List.of(good, flipped, good.copy().appendByte((byte) 0), wrongDigest));
        for (int cut : new int[] {100, 100_000, (1 << 20) + 300, (2 << 20) + 1000, good.length() - 30_000,
                good.length() - 1}) {
            variants.add(good.slice(0, cut));
        }
        for (Buffer bytes : variants) {
            Path file = dir.resolve("v.vfs");
            Files.write(file, bytes.getBytes());
            String expected = outcome(bytes, null);
            String what = "stream of " + bytes.length() + " bytes";
            assertEquals(expected, outcome(bytes, f -> StreamFileReader.open(f)), what + ", from the file");
            assertEquals(expected, outcome(bytes, f -> StreamFileReader.open(f).readAhead(1)), what + ", read ahead");
            assertEquals(expected, outcome(bytes, f -> StreamFileReader.open(f).scanOnly()), what + ", scanned");
            assertEquals(expected, outcome(bytes, f -> StreamFileReader.of(new TrickleInputStream(bytes.getBytes()),
                    f.toString())), what + ", through a pipe");
            Files.delete(file);
        }
        assertTrue(outcome(good, null).endsWith("end"), "the intact stream decodes");
        assertTrue(outcome(flipped, null).startsWith("CRC_MISMATCH"), outcome(flipped, null));
        assertTrue(outcome(wrongDigest, null).startsWith("DIGEST_MISMATCH"), outcome(wrongDigest, null));
    }

    @Test
    void aScanningReaderDoesNotReadAhead() throws Exception {
        Path file = dir.resolve("s.vfs");
        Files.write(file, TestStreams.encode(TestStreams.fullHeader(1 << 20), List.of(), EncoderOptions.DEFAULT)
                .getBytes());
        try (StreamFileReader reader = StreamFileReader.open(file).scanOnly()) {
            assertThrows(IllegalStateException.class, () -> reader.readAhead(1 << 20));
        }
        try (StreamFileReader reader = StreamFileReader.open(file).readAhead(1 << 20)) {
            assertThrows(IllegalStateException.class, reader::scanOnly);
        }
    }

    @FunctionalInterface
    private interface Opener {
        StreamFileReader open(Path file) throws Exception;
    }

    /** Frames (type, range, data hash) then "end", or the error and its message without the file name. */
    private String outcome(Buffer bytes, Opener opener) throws Exception {
        StringBuilder out = new StringBuilder();
        Function<ContentFrame, String> describe = f -> f.type() + "@" + f.offset() + "+" + f.length()
                + (f instanceof DataFrame d ? "#" + d.data().hashCode() : "") + " ";
        Path file = dir.resolve("v.vfs");
        try {
            if (opener == null) {
                StreamDecoder decoder = new StreamDecoder(f -> {
                    if (f instanceof ContentFrame c) {
                        out.append(describe.apply(c));
                    }
                });
                decoder.feed(bytes.copy());
                decoder.end();
            } else {
                try (StreamFileReader reader = opener.open(file)) {
                    for (ContentFrame f; (f = reader.next()) != null; ) {
                        out.append(describe.apply(f));
                    }
                }
            }
            return out + "end";
        } catch (StreamFormatException e) {
            return e.error() + ": " + e.getMessage().replace(file + ": ", "");
        }
    }

    /** A pipe's view of {@code bytes}: each read returns 1 to 7000 bytes. */
    private static final class TrickleInputStream extends InputStream {
        private final ByteArrayInputStream in;
        private final Random sizes = new Random(3);

        TrickleInputStream(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + sizes.nextInt(7000)));
        }
    }
}
