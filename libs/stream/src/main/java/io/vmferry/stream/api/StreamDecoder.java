package io.vmferry.stream.api;

import io.vmferry.stream.impl.ChunkCursor;
import io.vmferry.stream.impl.FrameDecoder;
import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.Preamble;
import io.vmferry.stream.impl.StreamRules;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Executor;

/**
 * Incremental, pure decoder of format v1: push buffers of any split with {@link #feed}, receive
 * typed {@link StreamFrame}s synchronously on the handler, call {@link #end()} when the input ends.
 * Every length is bounded before anything is allocated, so at most one frame (32 MiB + 36 bytes at
 * the format's limit) is buffered. The first violation throws a {@link StreamFormatException}; the
 * decoder then stays failed and rethrows it. Fed buffers may be sliced into emitted data frames:
 * do not modify them afterwards. Not thread-safe.
 */
public final class StreamDecoder {
    private enum State { PREAMBLE, FRAME_HEADER, FRAME_PAYLOAD, STOP_MARKER, DONE, FAILED }

    private final StreamLimits limits;
    private final Handler<StreamFrame> handler;
    private final ChunkCursor cursor;
    private final StreamRules rules;
    private final FrameDecoder frames;
    private State state = State.PREAMBLE;
    private FrameHeader frame;
    private int payloadLength;
    private long position;
    private long framePosition;
    private StreamFormatException failure;

    /** A decoder with the format's limits. */
    public StreamDecoder(Handler<StreamFrame> handler) {
        this(StreamLimits.DEFAULT, handler);
    }

    /** A decoder enforcing {@code limits} that verifies the content SHA-256 and emits frames to {@code handler}. */
    public StreamDecoder(StreamLimits limits, Handler<StreamFrame> handler) {
        this(limits, DigestCheck.VERIFY, handler);
    }

    /** As {@link #StreamDecoder(StreamLimits, Handler)}, verifying or only carrying the trailer's SHA-256. */
    public StreamDecoder(StreamLimits limits, DigestCheck digestCheck, Handler<StreamFrame> handler) {
        this(limits, digestCheck, new ChunkCursor(), handler);
    }

    /**
     * A decoder for {@link #feedBorrowed borrowed} reference-counted network buffers whose data frames keep the
     * input's memory instead of a copy: each emitted {@link DataFrame}'s {@link DataFrame#stored() payload} holds
     * references to the buffers it came from, and whoever takes the frame has the decoder
     * {@link #release(DataFrame) release} it once done with its bytes; {@link #discard} releases an incomplete frame
     * when the decoder is abandoned. Small runs (headers) are still copied.
     */
    public static StreamDecoder retaining(StreamLimits limits, DigestCheck digestCheck, Handler<StreamFrame> handler) {
        return new StreamDecoder(limits, digestCheck, ChunkCursor.retaining(), handler);
    }

    /** As {@link #StreamDecoder(StreamLimits, DigestCheck, Handler)}, reading its input through {@code cursor}. */
    private StreamDecoder(StreamLimits limits, DigestCheck digestCheck, ChunkCursor cursor,
                          Handler<StreamFrame> handler) {
        this.cursor = cursor;
        this.limits = limits;
        this.handler = handler;
        this.rules = new StreamRules(digestCheck);
        this.frames = new FrameDecoder(rules);
    }

    /** Decodes as much of {@code chunk} as possible, emitting every frame it completes. */
    public void feed(Buffer chunk) {
        feed(chunk, false);
    }

    /**
     * As {@link #feed(Buffer)} for a chunk that is only lent for this call (a network buffer released
     * afterwards): frames never share its memory, every byte is copied out once. Performance: a sink
     * fed this way skips the copy Vert.x makes of every socket read into a fresh heap buffer.
     */
    public void feedBorrowed(Buffer chunk) {
        feed(chunk, true);
    }

    private void feed(Buffer chunk, boolean borrowed) {
        if (state == State.FAILED) {
            throw failure;
        }
        cursor.push(chunk, borrowed);
        try {
            while (true) {
                if (state == State.DONE) {
                    if (cursor.available() > 0) {
                        throw new StreamFormatException(StreamFormatError.TRAILING_BYTES,
                                cursor.available() + " bytes after the stop marker at stream byte " + position);
                    }
                    return;
                }
                Buffer run = cursor.take(need());
                if (run == null) {
                    return;
                }
                step(run);
                position += run.length();
            }
        } catch (StreamFormatException e) {
            state = State.FAILED;
            failure = e;
            throw e;
        }
    }

    /** Declares the end of input: throws {@code TRUNCATED} unless the stop marker was read. */
    public void end() {
        if (state == State.FAILED) {
            throw failure;
        }
        if (state != State.DONE) {
            failure = new StreamFormatException(StreamFormatError.TRUNCATED, "stream ends after "
                    + (position + cursor.gathered()) + " bytes, " + describeState() + ": trailer missing");
            state = State.FAILED;
            throw failure;
        }
    }

    /** True once the trailer and stop marker were read and verified. */
    public boolean isComplete() {
        return state == State.DONE;
    }

    /** The header, or null before it was decoded. */
    public StreamHeader header() {
        return rules.header();
    }

    /**
     * Bytes that complete the run the decoder is in (the preamble, a frame header, a frame's payload, the stop
     * marker), or 0 once the stop marker was read. A reader that feeds exactly this many, in one buffer it will not
     * modify, has every data frame's payload sliced from that buffer without a copy ({@link StreamFileReader} does).
     */
    int wanted() {
        if (state == State.FAILED) {
            throw failure;
        }
        return state == State.DONE ? 0 : need() - cursor.gathered();
    }

    /**
     * Verifies the content SHA-256 on {@code executor} from now on instead of on the feeding thread (call before the
     * first content frame): {@link #feed} then blocks while more than {@code maxQueuedBytes} of data wait to be hashed,
     * and the trailer's check waits for the digest, so only a blocking reader may do this ({@link StreamFileReader}
     * reading ahead). Fed buffers must stay unchanged until hashed, as they must anyway. A decoder that only carries
     * the digest is unaffected.
     */
    void hashOffThread(Executor executor, long maxQueuedBytes) {
        rules.hashOn(executor, maxQueuedBytes);
    }

    /**
     * Releases the payload of a data frame this decoder emitted, once, when done with its bytes; a no-op unless the
     * decoder is {@link #retaining} (an ordinary decoder's frames share their input's references).
     */
    public void release(DataFrame frame) {
        cursor.release(frame.stored());
    }

    /** Releases what a {@link #retaining} decoder holds of a frame not yet complete; feed nothing afterwards. */
    public void discard() {
        cursor.discard();
    }

    /** Bytes consumed so far (complete runs only). */
    public long position() {
        return position;
    }

    /** Sequence number of the last frame emitted, -1 before the header. */
    public long lastSequence() {
        return rules.nextSequence() - 1;
    }

    private int need() {
        return switch (state) {
            case PREAMBLE -> Preamble.SIZE;
            case FRAME_HEADER -> FrameHeader.SIZE;
            case FRAME_PAYLOAD -> payloadLength;
            case STOP_MARKER -> Preamble.STOP_SIZE;
            default -> throw new IllegalStateException(state.name());
        };
    }

    private void step(Buffer run) {
        switch (state) {
            case PREAMBLE -> {
                Preamble.ensureValid(run);
                state = State.FRAME_HEADER;
            }
            case FRAME_HEADER -> {
                framePosition = position;
                frame = new FrameHeader(run);
                payloadLength = frames.boundPayload(frame, limits, framePosition);
                state = State.FRAME_PAYLOAD;
            }
            case FRAME_PAYLOAD -> {
                StreamFrame decoded;
                try {
                    decoded = frames.decode(frame, run, framePosition);
                } catch (RuntimeException e) {
                    cursor.release(run);
                    throw e;
                }
                if (!(decoded instanceof DataFrame data && data.stored() == run)) {
                    cursor.release(run); // decoded into the frame's fields: the frame does not hold the run
                }
                state = decoded instanceof StreamTrailer ? State.STOP_MARKER : State.FRAME_HEADER;
                frame = null;
                handler.handle(decoded);
            }
            case STOP_MARKER -> {
                Preamble.ensureStopMarker(run, position);
                state = State.DONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private String describeState() {
        return switch (state) {
            case PREAMBLE -> "inside the preamble";
            case FRAME_HEADER -> "after frame seq=" + lastSequence();
            case FRAME_PAYLOAD -> "inside the payload of frame seq=" + frame.sequence();
            case STOP_MARKER -> "before the stop marker";
            default -> state.name().toLowerCase();
        };
    }
}
