package io.vmferry.stream.api;

import io.vmferry.stream.impl.ContentDigest;
import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.HeaderPayload;
import io.vmferry.stream.impl.Preamble;
import io.vmferry.stream.impl.TrailerPayload;
import io.vertx.core.buffer.Buffer;

/**
 * Builds streams frame by frame with valid CRCs but whatever sequence numbers, ranges and trailer
 * the test asks for, to reach the decoder's semantic checks.
 */
final class RawStream {
    private final Buffer out = Preamble.encode();
    private final ContentDigest digest = new ContentDigest();
    private StreamCounts counts = StreamCounts.EMPTY;
    private long seq;

    RawStream(StreamHeader header) {
        Buffer p = HeaderPayload.encode(header);
        out.appendBuffer(FrameHeader.encode(FrameType.HEADER, 0, seq++, 0, 0, p, 0, p.length()));
    }

    RawStream frame(FrameType type, long sequence, long offset, long length, Buffer payload) {
        out.appendBuffer(FrameHeader.encode(type, 0, sequence, offset, length, payload, 0,
                payload == null ? 0 : payload.length()));
        if (type.isContent()) {
            digest.update(type, offset, length, payload);
            counts = counts.plus(type, length, payload == null ? 0 : payload.length());
        }
        seq = sequence + 1;
        return this;
    }

    RawStream data(long offset, Buffer payload) {
        return frame(FrameType.DATA, seq, offset, payload.length(), payload);
    }

    RawStream zero(long offset, long length) {
        return frame(FrameType.ZERO, seq, offset, length, null);
    }

    /** Trailer matching what was written, then the stop marker. */
    Buffer finish() {
        return finish(counts, digest.finishHex());
    }

    /** Trailer with the right counts but {@code sha} as the content digest, then the stop marker. */
    Buffer finish(String sha) {
        return finish(counts, sha);
    }

    Buffer finish(StreamCounts c, String sha) {
        Buffer p = TrailerPayload.encode(new StreamTrailer(seq, c, sha));
        return out.appendBuffer(FrameHeader.encode(FrameType.TRAILER, 0, seq, 0, 0, p, 0, p.length()))
                .appendBuffer(Preamble.stopMarker());
    }

    Buffer bytes() {
        return out;
    }
}
