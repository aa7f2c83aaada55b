package io.vmferry.stream.impl;

import io.vmferry.stream.api.DigestCheck;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamCounts;
import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Executor;

/**
 * The ordering rules of a stream, shared by encoder and decoder so that whatever one accepts the
 * other accepts: one header at sequence 0, then content frames with consecutive sequence numbers,
 * strictly increasing non-overlapping ranges inside the virtual size, then one trailer whose counts
 * and SHA-256 match. Also keeps the running counts and the content digest (unless the digest is only carried,
 * {@link DigestCheck#CARRY}).
 */
public final class StreamRules {
    /** The content digest, fed on this thread unless {@link #hashOn} moved it; null when the digest is carried. */
    private SerialDigest digest;
    private StreamHeader header;
    private long nextSequence;  // 0 until the header was accepted
    private long end;
    private StreamCounts counts = StreamCounts.EMPTY;
    private boolean finished;

    /** Rules that compute the content digest (an encoder, a verifying decoder). */
    public StreamRules() {
        this(DigestCheck.VERIFY);
    }

    /** Rules for a decoder that verifies or only carries the trailer's digest. */
    public StreamRules(DigestCheck check) {
        this.digest = check == DigestCheck.VERIFY ? new SerialDigest(Runnable::run) : null;
    }

    /**
     * Hashes the content frames on {@code executor} from now on (before any content frame), the caller waiting while
     * more than {@code maxQueuedBytes} of data are not yet hashed, and {@link #verifyTrailer} waiting for the digest:
     * for rules used on a blocking reader's thread only. Rules that carry the digest are left as they are.
     */
    public void hashOn(Executor executor, long maxQueuedBytes) {
        if (nextSequence > 1 || finished) {
            throw new IllegalStateException("content frames were already hashed on this thread");
        }
        if (digest != null) {
            digest = new SerialDigest(executor, maxQueuedBytes);
        }
    }

    /** Accepts the header frame; it must be the first frame. */
    public void header(StreamHeader value, long sequence) {
        if (header != null) {
            throw new StreamFormatException(StreamFormatError.UNEXPECTED_FRAME, "second header frame at seq=" + sequence);
        }
        checkSequence(sequence, FrameType.HEADER);
        header = value;
        nextSequence = 1;
    }

    /**
     * Accepts a content frame of {@code length} bytes at {@code offset}; {@code stored} is its
     * payload size on the wire and {@code data} its uncompressed bytes (data frames only).
     */
    public void content(FrameType type, long sequence, long offset, long length, long stored, Buffer data) {
        checkRange(type, sequence, offset, length);
        if (digest != null) {
            digest.update(type, offset, length, data);
        }
        counts = counts.plus(type, length, stored);
        end = offset + length;
        nextSequence++;
    }

    /**
     * Checks that a content frame of {@code type} at {@code sequence} may cover {@code [offset,
     * offset + length)} now, without recording it.
     */
    public void checkRange(FrameType type, long sequence, long offset, long length) {
        requireOpen(type, sequence);
        checkSequence(sequence, type);
        if (length <= 0) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH,
                    type.label() + " frame seq=" + sequence + " has length " + Long.toUnsignedString(length));
        }
        if (offset >= 0 && offset < end) {
            throw new StreamFormatException(StreamFormatError.OUT_OF_ORDER, type.label() + " frame seq="
                    + sequence + " starts at " + offset + ", before the end of the previous frame at " + end);
        }
        if (offset < 0 || length > header.virtualSize() - offset) {
            throw new StreamFormatException(StreamFormatError.BEYOND_VIRTUAL_SIZE, type.label() + " frame seq="
                    + sequence + " [" + Long.toUnsignedString(offset) + ", +" + length + ") ends past the virtual size "
                    + header.virtualSize());
        }
    }

    /** The trailer this stream must end with at {@code sequence}; no frame may follow. */
    public StreamTrailer finish(long sequence) {
        close(sequence);
        return new StreamTrailer(sequence, counts, digest.finishHex().join());
    }

    /**
     * As {@link #finish(long)} with the content digest computed elsewhere (rules that carry it, {@link
     * DigestCheck#CARRY}): the trailer with this stream's counts and {@code sha256}.
     */
    public StreamTrailer finish(long sequence, String sha256) {
        close(sequence);
        return new StreamTrailer(sequence, counts, sha256);
    }

    /** Checks a received trailer against what was received before it (its SHA-256 only when computed). */
    public void verifyTrailer(StreamTrailer received) {
        close(received.sequence());
        if (!counts.equals(received.counts())) {
            throw new StreamFormatException(StreamFormatError.TRAILER_MISMATCH,
                    "trailer counts " + received.counts() + " differ from the received " + counts);
        }
        if (digest == null) {
            return;
        }
        String computed = digest.finishHex().join(); // at once unless hashOn moved the hashing
        if (!computed.equals(received.sha256())) {
            throw new StreamFormatException(StreamFormatError.DIGEST_MISMATCH, "content sha256 mismatch: trailer "
                    + received.sha256() + ", computed " + computed);
        }
    }

    private void close(long sequence) {
        requireOpen(FrameType.TRAILER, sequence);
        checkSequence(sequence, FrameType.TRAILER);
        finished = true;
        nextSequence++;
    }

    /** The header, or null before it was accepted. */
    public StreamHeader header() {
        return header;
    }

    /** Sequence number the next frame must carry. */
    public long nextSequence() {
        return nextSequence;
    }

    /** End of the last content range (0 before any). */
    public long end() {
        return end;
    }

    public StreamCounts counts() {
        return counts;
    }

    public boolean finished() {
        return finished;
    }

    private void requireOpen(FrameType type, long sequence) {
        if (header == null) {
            throw new StreamFormatException(StreamFormatError.UNEXPECTED_FRAME,
                    type.label() + " frame seq=" + sequence + " before the header");
        }
        if (finished) {
            throw new StreamFormatException(StreamFormatError.UNEXPECTED_FRAME,
                    type.label() + " frame seq=" + sequence + " after the trailer");
        }
    }

    private void checkSequence(long sequence, FrameType type) {
        if (sequence != nextSequence) {
            throw new StreamFormatException(StreamFormatError.SEQUENCE_GAP, type.label()
                    + " frame has seq=" + sequence + ", expected " + nextSequence);
        }
    }
}
