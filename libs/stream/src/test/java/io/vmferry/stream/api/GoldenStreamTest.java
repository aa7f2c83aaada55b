package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test vector of docs/stream-format.md, Appendix A. If this fails, the wire format changed:
 * that needs a new format version, not a new vector.
 */
class GoldenStreamTest {
    static final String VECTOR = String.join("",
            "564d46530d0a1a0a000100000100000000000000000000000000000000000000000000000000000000000031cc354b71",
            "0000000000010000000001a201692e000000000001000002000800050000000000006a31707665312f32303173637369",
            "300200000000000000000000010000000000000200000000000000000500000005ab80859b68656c6c6f030000000000",
            "0000000000020000000000001000000000000000100000000000444a7546050000000000000000000003000000000000",
            "00000000000000000000000000583bbf3f3a000000000000000100000000000000050000000000000005000000000000",
            "00010000000000001000000000000000000000000000000000001b1139c9f1bf2434abc5acc9ba491c01e31cda77f75b",
            "e8695549dc03dd38c22c564d46532d454e44");
    static final String SHA256 = "1b1139c9f1bf2434abc5acc9ba491c01e31cda77f75be8695549dc03dd38c22c";

    @Test
    void encoderProducesTheDocumentedBytes() {
        StreamHeader header = StreamHeader.full("j1", "pve1/201", "scsi0", 65536, Instant.parse("2026-11-22T04:00:00Z"));
        StreamEncoder encoder = new StreamEncoder(header, EncoderOptions.DEFAULT);
        Buffer out = encoder.start()
                .appendBuffer(encoder.data(512, Buffer.buffer("hello")))
                .appendBuffer(encoder.zero(4096, 4096))
                .appendBuffer(encoder.finish());
        assertEquals(VECTOR, HexFormat.of().formatHex(out.getBytes()));
        assertEquals(SHA256, encoder.trailer().sha256());
    }

    @Test
    void decoderReadsTheDocumentedBytes() {
        List<StreamFrame> frames = io.vmferry.stream.TestStreams.decode(Buffer.buffer(HexFormat.of().parseHex(VECTOR)));
        assertEquals(List.of(FrameType.HEADER, FrameType.DATA, FrameType.ZERO, FrameType.TRAILER),
                frames.stream().map(StreamFrame::type).toList());
        assertEquals(SHA256, ((StreamTrailer) frames.get(3)).sha256());
    }
}
