package io.vmferry.stream.api;

import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.HeaderPayload;
import io.vmferry.stream.impl.Lz4;
import io.vmferry.stream.impl.Preamble;
import io.vmferry.stream.impl.SerialDigest;
import io.vmferry.stream.impl.StreamRules;
import io.vmferry.stream.impl.TrailerPayload;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
    /** A virtual thread per hashing task; a stream's tasks run one after the other (see {@link SerialDigest}). */

    private final StreamHeader header;
    private final EncoderOptions options;
    private final StreamRules rules;
    /** Null: the digest is computed in {@link #append}; else on another thread (see the three-argument constructor). */
    private final SerialDigest offThread;
    private StreamTrailer trailer;
    private long bytesWritten;
    /** Data frames still to send uncompressed without trying LZ4 (see {@link #dataFrame}). */
    private int lz4Skip;
    /** Skip length after the next frame that does not shrink; doubles per failure, up to {@link #LZ4_MAX_SKIP}. */
    private int lz4Backoff;
    /** True once {@link #relay} was used: the digest then lacks the relayed bytes (see {@link #finish(String)}). */
    private boolean relayed;
    /** Incompressible frames in a row before LZ4 attempts are skipped (small streams keep trying every frame). */
    private static final int LZ4_FAILURES_BEFORE_SKIP = 4;
    private static final int LZ4_MAX_SKIP = 64;
    private int lz4Failures;
    private long lz4Attempts;

    /** An encoder for one stream with {@code header}; nothing is produced before {@link #start()}. */
    public StreamEncoder(StreamHeader header, EncoderOptions options) {
        this(header, options, null);
    }

    /**
     * An encoder that hashes the content on virtual threads, as by the three-argument constructor: what senders of
     * long streams use.
     */
    public static StreamEncoder hashingOffThread(StreamHeader header, EncoderOptions options) {
        return new StreamEncoder(header, options, SerialDigest.VIRTUAL_THREADS);
    }

    /**
     * An encoder that hashes the content on {@code digestExecutor} (one task at a time, in order) instead of in
     * {@link #append}: the data buffers given to {@link #append} must stay unchanged until {@link #hashed()}
     * completed, and the stream ends with {@link #digest()} and {@link #finish(String)}. Performance: SHA-256 was
     * nearly half of a backup reader's event-loop thread, which encrypted, sent and received on the same core;
     * on another thread it runs beside them. Null {@code digestExecutor}: hash in {@link #append}.
     */
    public StreamEncoder(StreamHeader header, EncoderOptions options, Executor digestExecutor) {
        this.header = header;
        this.options = options;
        this.offThread = digestExecutor == null ? null : new SerialDigest(digestExecutor);
        this.rules = new StreamRules(offThread == null ? DigestCheck.VERIFY : DigestCheck.CARRY);
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
            hashOffThread(extent.type(), extent.offset(), extent.length(), null);
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
        if (relayed || offThread != null) {
            throw new IllegalStateException("this stream's digest is computed elsewhere: end it with finish(sha256)");
        }
        return finish(null);
    }

    /** True when the content is hashed on another thread: see {@link #hashed()} and {@link #digest()}. */
    public boolean hashesOffThread() {
        return offThread != null;
    }

    /** Completes once every frame appended so far is hashed (at once when hashing in {@link #append}). */
    public CompletableFuture<Void> hashed() {
        return offThread == null ? CompletableFuture.completedFuture(null) : offThread.drained();
    }

    /** The content SHA-256 of everything appended, once hashed off-thread; then call {@link #finish(String)}. */
    public CompletableFuture<String> digest() {
        if (offThread == null) {
            throw new IllegalStateException("this encoder hashes in append(): end it with finish()");
        }
        return offThread.finishHex();
    }

    /**
     * Relays a data frame that a {@link StreamDecoder} has verified (CRC and, with the trailer, the
     * content SHA-256), without redoing that work. Performance: a sink storing a stream used to
     * decompress, hash, re-compress and re-CRC every frame; here the payload is kept as it travelled
     * when the options allow (an LZ4 block stays one with LZ4 storage; without it the decoded bytes
     * are stored), and the bytes are not hashed a second time. The stream's SHA-256 is therefore the
     * decoder's verified one, which the caller passes to {@link #finish(String)}. The frame must fit
     * the options' frame size (it is not split).
     */
    public Buffer relay(DataFrame frame) {
        return relay(frame, false);
    }

    /**
     * As {@link #relay(DataFrame)}; with {@code hashAgain} the bytes are hashed as by {@link #append},
     * so {@link #finish()} computes the digest of what was written (for frames of unknown origin).
     */
    public Buffer relay(DataFrame frame, boolean hashAgain) {
        requireStarted();
        if (frame.length() > options.maxDataFrameBytes()) {
            throw new IllegalArgumentException("relayed frame of " + frame.length() + " bytes exceeds the frame size "
                    + options.maxDataFrameBytes());
        }
        long sequence = rules.nextSequence();
        boolean keepLz4 = frame.compressed() && frame.stored() != null && options.compression() == Compression.LZ4;
        Buffer payload = keepLz4 ? frame.stored() : frame.data();
        relayed |= !hashAgain;
        rules.content(FrameType.DATA, sequence, frame.offset(), frame.length(), payload.length(),
                hashAgain ? frame.data() : null);
        if (hashAgain) {
            hashOffThread(FrameType.DATA, frame.offset(), frame.length(), frame.data());
        }
        int flags = keepLz4 ? FrameHeader.FLAG_LZ4 : 0;
        // the same sequence and the payload as it travelled: the header is the received one, and so is its CRC
        if (frame.crc() != null && sequence == frame.sequence() && payload == frame.stored()) {
            return count(FrameHeader.encodeWithCrc(FrameType.DATA, flags, sequence, frame.offset(), frame.length(),
                    payload, frame.crc()));
        }
        return count(FrameHeader.encode(FrameType.DATA, flags, sequence, frame.offset(), frame.length(), payload, 0,
                payload.length()));
    }

    /**
     * Trailer frame and stop marker; nothing may follow. {@code verifiedSha256} replaces the computed
     * digest and is required after {@link #relay} (null: use the computed one).
     */
    public Buffer finish(String verifiedSha256) {
        requireStarted();
        if (relayed && verifiedSha256 == null) {
            throw new IllegalStateException("a stream with relayed frames needs the verified SHA-256");
        }
        if (offThread != null && verifiedSha256 == null) {
            throw new IllegalStateException("a stream hashed off-thread ends with finish(digest())");
        }
        trailer = verifiedSha256 == null ? rules.finish(rules.nextSequence())
                : rules.finish(rules.nextSequence(), verifiedSha256);
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

    /** Data frames LZ4 was tried on so far (frames skipped by the adaptive back-off are not counted). */
    public long lz4Attempts() {
        return lz4Attempts;
    }

    /** Encoded bytes returned so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private Buffer dataFrame(long offset, Buffer data, int from, int length) {
        long sequence = rules.nextSequence();
        Buffer slice = data.slice(from, from + length);
        Buffer packed = options.compression() == Compression.LZ4 ? tryLz4(data, from, length) : null;
        Buffer payload = packed != null ? packed : slice;
        rules.content(FrameType.DATA, sequence, offset, length, payload.length(), slice);
        hashOffThread(FrameType.DATA, offset, length, slice);
        return FrameHeader.encode(FrameType.DATA, packed != null ? FrameHeader.FLAG_LZ4 : 0, sequence, offset,
                length, payload, 0, payload.length());
    }

    /**
     * LZ4 with adaptive skipping. Performance: on incompressible data (encrypted or already
     * compressed disks, random test data) every attempt costs a full LZ4 pass (~1 GB/s) for nothing.
     * After {@value #LZ4_FAILURES_BEFORE_SKIP} frames in a row that did not shrink, the next frames go
     * uncompressed without trying: 1, 2, 4 ... up to {@value #LZ4_MAX_SKIP} of them, then one probe; a
     * frame that shrinks resets this. The format is unaffected (a frame is LZ4 or not on its own).
     */
    private Buffer tryLz4(Buffer data, int from, int length) {
        if (lz4Skip > 0) {
            lz4Skip--;
            return null;
        }
        lz4Attempts++;
        Buffer packed = Lz4.compress(data, from, length);
        if (packed != null) {
            lz4Failures = 0;
            lz4Backoff = 0;
        } else if (++lz4Failures >= LZ4_FAILURES_BEFORE_SKIP) {
            lz4Backoff = lz4Backoff == 0 ? 1 : Math.min(LZ4_MAX_SKIP, lz4Backoff * 2);
            lz4Skip = lz4Backoff;
        }
        return packed;
    }

    private void hashOffThread(FrameType type, long offset, long length, Buffer data) {
        if (offThread != null) {
            offThread.update(type, offset, length, data);
        }
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
