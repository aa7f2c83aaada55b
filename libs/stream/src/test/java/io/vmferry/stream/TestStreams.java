package io.vmferry.stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamDecoder;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.impl.Preamble;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared builders for stream tests: headers, deterministic extents, encode/decode in one call. */
public final class TestStreams {
    public static final Instant T0 = Instant.parse("2026-11-22T04:00:00.123Z");

    private TestStreams() {
    }

    public static StreamHeader fullHeader(long virtualSize) {
        return StreamHeader.full("job-1", "pve1/201", "scsi0", virtualSize, T0);
    }

    public static StreamHeader incrementalHeader(long virtualSize) {
        return new StreamHeader("job-2", "pve1/201", "scsi0", virtualSize, BackupLevel.INCREMENTAL, "point-1",
                65536, T0, "{\"bitmap\":\"vmferry-201\",\"note\":\"ünïcode\"}");
    }

    /** Random bytes. */
    public static Buffer random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return Buffer.buffer(b);
    }

    /** Bytes LZ4 compresses well (a short repeated pattern with some noise). */
    public static Buffer compressible(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 61 == 0 ? rnd.nextInt() : i % 7);
        }
        return Buffer.buffer(b);
    }

    /** Increasing, non-overlapping extents of every type covering parts of {@code virtualSize}. */
    public static List<StreamExtent> extents(Random rnd, long virtualSize, int maxData) {
        List<StreamExtent> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            offset += rnd.nextInt(3) == 0 ? rnd.nextInt(8192) : 0;
            int kind = rnd.nextInt(4);
            long length = kind < 2 ? 1 + rnd.nextInt(maxData) : 1 + rnd.nextInt(1 << 20);
            if (offset + length > virtualSize) {
                return out;
            }
            out.add(switch (kind) {
                case 0 -> StreamExtent.data(offset, random(rnd, (int) length));
                case 1 -> StreamExtent.data(offset, compressible(rnd, (int) length));
                case 2 -> StreamExtent.zero(offset, length);
                default -> StreamExtent.hole(offset, length);
            });
            offset += length;
        }
    }

    /** The whole encoded stream. */
    public static Buffer encode(StreamHeader header, List<StreamExtent> extents, EncoderOptions options) {
        StreamEncoder encoder = new StreamEncoder(header, options);
        Buffer out = encoder.start();
        extents.forEach(e -> out.appendBuffer(encoder.append(e)));
        return out.appendBuffer(encoder.finish());
    }

    /** Decodes {@code stream} fed in chunks of the given sizes (the rest in one chunk), then ends. */
    public static List<StreamFrame> decode(Buffer stream, int... chunkSizes) {
        List<StreamFrame> frames = new ArrayList<>();
        StreamDecoder decoder = new StreamDecoder(frames::add);
        int pos = 0;
        for (int size : chunkSizes) {
            int end = Math.min(stream.length(), pos + size);
            decoder.feed(stream.slice(pos, end));
            pos = end;
        }
        decoder.feed(stream.slice(pos, stream.length()));
        decoder.end();
        return frames;
    }

    /** The error decoding {@code stream} raises. */
    public static StreamFormatException decodeError(Buffer stream) {
        return assertThrows(StreamFormatException.class, () -> decode(stream));
    }

    /** Start offsets of every frame (header, content, trailer) of an encoded stream, plus its stop marker offset. */
    public static List<Integer> frameStarts(Buffer stream) {
        List<Integer> starts = new ArrayList<>();
        int pos = Preamble.SIZE;
        while (pos < stream.length() - Preamble.STOP_SIZE) {
            starts.add(pos);
            pos += 36 + (int) stream.getUnsignedInt(pos + 28);
        }
        starts.add(pos);
        return starts;
    }
}
