package io.vmferry.stream.api;

import static io.vmferry.stream.TestStreams.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StreamCodecTest {

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsEveryFrameType(Compression compression) {
        Random rnd = new Random(42);
        StreamHeader header = TestStreams.incrementalHeader(64L << 20);
        List<StreamExtent> extents = TestStreams.extents(rnd, header.virtualSize(), 300_000);
        EncoderOptions options = EncoderOptions.DEFAULT.withCompression(compression).withMaxDataFrameBytes(128 << 10);

        List<StreamFrame> frames = TestStreams.decode(TestStreams.encode(header, extents, options));

        assertEquals(header, frames.get(0));
        assertEquals(header.metadata().getString("note"), "ünïcode");
        long seq = 0;
        int index = 1;
        for (StreamExtent e : extents) {
            long covered = 0;
            while (covered < e.length()) {
                StreamFrame f = frames.get(index++);
                assertEquals(++seq, f.sequence());
                ContentFrame c = assertInstanceOf(ContentFrame.class, f);
                assertEquals(e.type(), c.type());
                assertEquals(e.offset() + covered, c.offset());
                if (c instanceof DataFrame d) {
                    assertEquals(e.data().slice((int) covered, (int) (covered + d.length())), d.data());
                }
                covered += c.length();
            }
            assertEquals(e.length(), covered);
        }
        StreamTrailer trailer = assertInstanceOf(StreamTrailer.class, frames.get(index));
        assertEquals(frames.size(), index + 1);
        assertEquals(seq + 1, trailer.sequence());
    }

    @Test
    void lz4IsUsedOnlyWhenItHelpsAndDigestIgnoresIt() {
        Random rnd = new Random(7);
        StreamHeader header = TestStreams.fullHeader(1 << 20);
        List<StreamExtent> extents = List.of(StreamExtent.data(0, TestStreams.compressible(rnd, 100_000)),
                StreamExtent.data(200_000, TestStreams.random(rnd, 100_000)));
        Buffer plain = TestStreams.encode(header, extents, EncoderOptions.DEFAULT);
        Buffer packed = TestStreams.encode(header, extents, EncoderOptions.DEFAULT.withCompression(Compression.LZ4));

        List<StreamFrame> frames = TestStreams.decode(packed);
        assertTrue(((DataFrame) frames.get(1)).compressed());
        assertFalse(((DataFrame) frames.get(2)).compressed());
        assertTrue(packed.length() < plain.length() - 50_000);
        StreamTrailer a = (StreamTrailer) TestStreams.decode(plain).get(3);
        StreamTrailer b = (StreamTrailer) frames.get(3);
        assertEquals(a.sha256(), b.sha256());
        assertEquals(a.counts().dataBytes(), b.counts().dataBytes());
        assertTrue(b.counts().storedDataBytes() < a.counts().storedDataBytes());
    }

    @Test
    void emptyStreamHasTheDigestOfNothing() {
        List<StreamFrame> frames = TestStreams.decode(TestStreams.encode(TestStreams.fullHeader(4096), List.of(),
                EncoderOptions.DEFAULT));
        StreamTrailer trailer = (StreamTrailer) frames.get(1);
        assertEquals(StreamCounts.EMPTY, trailer.counts());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", trailer.sha256());
    }

    @Test
    void digestFollowsTheDocumentedDefinition() throws Exception {
        StreamHeader header = TestStreams.fullHeader(1 << 20);
        Buffer data = Buffer.buffer("hello");
        StreamEncoder encoder = new StreamEncoder(header, EncoderOptions.DEFAULT);
        encoder.start();
        encoder.data(4096, data);
        encoder.zero(8192, 4096);
        encoder.hole(65536, 1024);
        encoder.finish();

        var sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(Buffer.buffer().appendByte((byte) 2).appendLong(4096).appendLong(5).appendBuffer(data).getBytes());
        sha.update(Buffer.buffer().appendByte((byte) 3).appendLong(8192).appendLong(4096).getBytes());
        sha.update(Buffer.buffer().appendByte((byte) 4).appendLong(65536).appendLong(1024).getBytes());
        assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), encoder.trailer().sha256());
    }

    @Test
    void encoderRefusesWhatTheDecoderWouldReject() {
        StreamEncoder encoder = new StreamEncoder(TestStreams.fullHeader(1 << 20), EncoderOptions.DEFAULT);
        assertThrows(IllegalStateException.class, () -> encoder.zero(0, 1));
        encoder.start();
        encoder.zero(4096, 4096);
        assertEquals(StreamFormatError.OUT_OF_ORDER,
                assertThrows(StreamFormatException.class, () -> encoder.hole(4096, 1)).error());
        assertEquals(StreamFormatError.BEYOND_VIRTUAL_SIZE,
                assertThrows(StreamFormatException.class, () -> encoder.data((1 << 20) - 1, Buffer.buffer("ab"))).error());
        encoder.hole(8192, 1);
        assertNull(encoder.trailer());
        encoder.finish();
        assertEquals(2, encoder.trailer().counts().contentFrames());
    }

    @Test
    void headerRulesAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> StreamHeader.full("j", "no-slash", "d", 1, T0));
        assertThrows(IllegalArgumentException.class, () -> StreamHeader.full("j", "h/1/2", "d", 1, T0));
        assertThrows(IllegalArgumentException.class, () -> StreamHeader.full("j", "h/1", "d", 0, T0));
        assertThrows(IllegalArgumentException.class, () -> new StreamHeader("j", "h/1", "d", 1,
                BackupLevel.INCREMENTAL, null, 0, T0, null));
        assertThrows(IllegalArgumentException.class, () -> new StreamHeader("j", "h/1", "d", 1,
                BackupLevel.FULL, null, 1000, T0, null));
        assertThrows(IllegalArgumentException.class, () -> StreamHeader.full("j", "h/1", "d", 1, T0).withMetadata("[1]"));
        assertThrows(IllegalArgumentException.class, () -> StreamHeader.full("j", "h/1", "d", 1, T0)
                .withMetadata("{\"a\":\"" + "x".repeat(StreamFormat.MAX_METADATA_BYTES) + "\"}"));
    }
}
