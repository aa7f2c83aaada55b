package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.TestStreams;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamFileReceiverTest {
    @TempDir
    Path dir;

    private final StreamHeader header = TestStreams.fullHeader(48L << 20);
    private final byte[] stream = TestStreams.encode(header, TestStreams.extents(new Random(9), 48L << 20, 3 << 20),
            EncoderOptions.DEFAULT.withCompression(Compression.LZ4)).getBytes();

    @Test
    void storesTheBytesAsTheyCameAndReturnsTheVerifiedTrailer() throws Exception {
        Path file = dir.resolve("in.vfs");
        StreamFileReceiver.Received r = StreamFileReceiver.receive(new ByteArrayInputStream(stream), file);
        assertArrayEquals(stream, Files.readAllBytes(file));
        assertEquals(header, r.header());
        assertEquals(StreamFileReader.verify(file), r.trailer());
        assertEquals(stream.length, r.bytes());
    }

    @Test
    void theRecordedTrailerIsReadFromTheEndAndEqualsTheVerifiedOne() throws Exception {
        Path file = dir.resolve("t.vfs");
        StreamFileReceiver.Received r = StreamFileReceiver.receive(new ByteArrayInputStream(stream), file);
        assertEquals(r.trailer(), StreamFileReader.recordedTrailer(file));

        byte[] bad = stream.clone();
        bad[bad.length - 20] ^= 1; // inside the trailer's SHA-256
        Path damaged = Files.write(dir.resolve("damaged.vfs"), bad);
        assertEquals(StreamFormatError.CRC_MISMATCH,
                assertThrows(StreamFormatException.class, () -> StreamFileReader.recordedTrailer(damaged)).error());
        Path cut = Files.write(dir.resolve("cut.vfs"), java.util.Arrays.copyOf(stream, stream.length - 3));
        assertEquals(StreamFormatError.BAD_STOP_MARKER,
                assertThrows(StreamFormatException.class, () -> StreamFileReader.recordedTrailer(cut)).error());
    }

    @Test
    void aFlippedByteIsRefusedAndNothingIsLeft() {
        byte[] bad = stream.clone();
        bad[bad.length / 2] ^= 0x40;
        Path file = dir.resolve("bad.vfs");
        assertThrows(StreamFormatException.class, () -> StreamFileReceiver.receive(new ByteArrayInputStream(bad), file));
        assertFalse(Files.exists(file));
    }

    @Test
    void aTruncatedStreamIsRefusedAndNothingIsLeft() throws Exception {
        Path file = dir.resolve("cut.vfs");
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> StreamFileReceiver.receive(
                new ByteArrayInputStream(stream, 0, stream.length - 100), file));
        assertEquals(StreamFormatError.TRUNCATED, e.error());
        assertEquals(List.of(), Files.list(dir).toList());
    }
}
