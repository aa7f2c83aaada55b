package io.vmferry.stream.api;

import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.HeaderPayload;
import io.vmferry.stream.impl.Lz4;
import io.vmferry.stream.impl.Preamble;
import io.vmferry.stream.impl.StreamRules;
import io.vmferry.stream.impl.TrailerPayload;
import io.vertx.core.buffer.Buffer;

/**
 * Writes one stream as {@link Buffer}s: {@link #start()} (preamble and header frame), then
 * {@link #append} per extent, then {@link #finish()} (trailer and stop marker). Sequence numbers,
 * counts and the content SHA-256 are kept here; data longer than the frame size is split, and with
 * LZ4 each frame is compressed when that makes it smaller. The encoder applies the decoder's rules,
 * so it fails with the same {@link StreamFormatException} instead of writing a stream that would be
 * rejected (ranges must increase and stay inside the virtual size). Not thread-safe.
 * To write to a Vert.x {@code WriteStream}, see {@link FramePump}.
 */
public final class StreamEncoder {
    private final StreamHeader header;
    private final EncoderOptions options;
    private final StreamRules rules = new StreamRules();
    private StreamTrailer trailer;
    private long bytesWritten;

    /** An encoder for one stream with {@code header}; nothing is produced before {@link #start()}. */
    public StreamEncoder(StreamHeader header, EncoderOptions options) {
        this.header = header;
        this.options = options;
    }

    /** Preamble and header frame; must come first. */
    public Buffer start() {
        if (rules.header() != null) {
            throw new IllegalStateException("stream already started");
        }
        rules.header(header, 0);
        Buffer payload = HeaderPayload.encode(header);
        Buffer out = Preamble.encode()
                .appendBuffer(FrameHeader.encode(FrameType.HEADER, 0, 0, 0, 0, payload, 0, payload.length()));
        return count(out);
    }

    /** The frames for {@code extent}: one for zero and hole, one per frame-size piece for data. */
    public Buffer append(StreamExtent extent) {
        requireStarted();
        if (extent.type() != FrameType.DATA) {
            rules.content(extent.type(), rules.nextSequence(), extent.offset(), extent.length(), 0, null);
            return count(FrameHeader.encode(extent.type(), 0, rules.nextSequence() - 1, extent.offset(),
                    extent.length(), null, 0, 0));
        }
        rules.checkRange(FrameType.DATA, rules.nextSequence(), extent.offset(), extent.length());
        Buffer data = extent.data();
        int frameSize = options.maxDataFrameBytes();
        Buffer out = data.length() <= frameSize ? null : Buffer.buffer(data.length() + 64 * (data.length() / frameSize + 1));
        for (int from = 0; from < data.length(); from += frameSize) {
            Buffer frame = dataFrame(extent.offset() + from, data, from, Math.min(frameSize, data.length() - from));
            if (out == null) {
                return count(frame);
            }
            out.appendBuffer(frame);
        }
        return count(out);
    }

    /** Data frames for {@code data} at {@code offset}. */
    public Buffer data(long offset, Buffer data) {
        return append(StreamExtent.data(offset, data));
    }

    /** A zero frame. */
    public Buffer zero(long offset, long length) {
        return append(StreamExtent.zero(offset, length));
    }

    /** A hole frame. */
    public Buffer hole(long offset, long length) {
        return append(StreamExtent.hole(offset, length));
    }

    /** Trailer frame and stop marker; nothing may follow. */
    public Buffer finish() {
        requireStarted();
        trailer = rules.finish(rules.nextSequence());
        Buffer payload = TrailerPayload.encode(trailer);
        Buffer out = FrameHeader.encode(FrameType.TRAILER, 0, trailer.sequence(), 0, 0, payload, 0, payload.length());
        return count(out.appendBuffer(Preamble.stopMarker()));
    }

    /** The header this stream starts with. */
    public StreamHeader header() {
        return header;
    }

    /** The trailer written by {@link #finish()}, or null before. */
    public StreamTrailer trailer() {
        return trailer;
    }

    /** Frame and byte counts so far. */
    public StreamCounts counts() {
        return rules.counts();
    }

    /** Sequence number the next frame will carry. */
    public long nextSequence() {
        return rules.nextSequence();
    }

    /** End of the last range appended; the next one must not start before it. */
    public long position() {
        return rules.end();
    }

    /** Encoded bytes returned so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private Buffer dataFrame(long offset, Buffer data, int from, int length) {
        long sequence = rules.nextSequence();
        Buffer slice = data.slice(from, from + length);
        Buffer packed = options.compression() == Compression.LZ4 ? Lz4.compress(data, from, length) : null;
        Buffer payload = packed != null ? packed : slice;
        rules.content(FrameType.DATA, sequence, offset, length, payload.length(), slice);
        return FrameHeader.encode(FrameType.DATA, packed != null ? FrameHeader.FLAG_LZ4 : 0, sequence, offset,
                length, payload, 0, payload.length());
    }

    private void requireStarted() {
        if (rules.header() == null) {
            throw new IllegalStateException("call start() first");
        }
    }

    private Buffer count(Buffer out) {
        bytesWritten += out.length();
        return out;
    }
}
