package io.vmferry.stream.api;

import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.FrameReadAhead;
import io.vmferry.stream.impl.Nio;
import io.vmferry.stream.impl.Preamble;
import io.vmferry.stream.impl.SerialDigest;
import io.vmferry.stream.impl.TrailerPayload;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * Blocking reader of a {@code .vfs} stream file (restore reads chains from disk with it), using the
 * same {@link StreamDecoder} as the network path: every frame is verified before it is returned, and
 * {@link #next()} returns null only after the trailer, its counts and SHA-256 and the stop marker
 * checked out. Format errors are {@link StreamFormatException}s whose message names the file.
 *
 * <pre>{@code
 * try (StreamFileReader r = StreamFileReader.open(path)) {
 *     StreamHeader h = r.header();
 *     for (ContentFrame f; (f = r.next()) != null; ) { ... }
 *     StreamTrailer t = r.trailer();
 * }
 * }</pre>
 * With {@link #readAhead(long)} the decoding (read, CRC-32C) runs on a thread of its own, ahead of the caller, which
 * then only consumes frames, and the SHA-256 on another.
 */
public final class StreamFileReader implements Closeable {
    /** Size of the buffer frame headers and small frames are read through. */
    private static final int SMALL_BUFFER_BYTES = 64 << 10;
    /** Runs from this size on are read straight into their own array. */
    private static final int DIRECT_READ_BYTES = 16 << 10;
    /** Data bytes {@link #readAhead()} decodes ahead of the caller. */
    public static final long DEFAULT_READ_AHEAD_BYTES = 16L << 20;

    private final String path;
    private final ReadableByteChannel channel;
    private final StreamDecoder decoder;
    private final ArrayDeque<StreamFrame> ready = new ArrayDeque<>();
    private final ByteBuffer small = ByteBuffer.allocate(SMALL_BUFFER_BYTES).limit(0);
    private StreamTrailer trailer;
    private boolean eof;
    private FrameReadAhead ahead;
    /** Non-null in scan mode: the one array every large run is read into. */
    private byte[] scanArray;

    private StreamFileReader(String path, ReadableByteChannel channel, StreamLimits limits) {
        this.path = path;
        this.channel = channel;
        this.decoder = new StreamDecoder(limits, ready::add);
    }

    /** Opens {@code path} with the format's limits. */
    public static StreamFileReader open(Path path) throws IOException {
        return open(path, StreamLimits.DEFAULT);
    }

    /** Opens {@code path} with tighter limits. */
    public static StreamFileReader open(Path path, StreamLimits limits) throws IOException {
        return new StreamFileReader(path.toString(), FileChannel.open(path, StandardOpenOption.READ), limits);
    }

    /**
     * Reads a stream as it arrives on {@code in} (a pipe: the bpipe writer's stdin), verified the same way; {@code name}
     * names it in errors. Closing the reader closes {@code in}.
     */
    public static StreamFileReader of(InputStream in, String name) {
        return new StreamFileReader(name, Channels.newChannel(in), StreamLimits.DEFAULT);
    }

    /** Reads the whole file, verifying everything, and returns its trailer. */
    public static StreamTrailer verify(Path path) throws IOException {
        try (StreamFileReader reader = open(path)) {
            reader.header();
            while (reader.next() != null) {
                // every frame is checked as it is decoded
            }
            return reader.trailer();
        }
    }

    /**
     * The trailer as the last frame of {@code path} records it, read from the end of the file: the frame's CRC and
     * the stop marker are checked, its counts and SHA-256 are not yet verified against the content (reading the
     * stream front to back does that). What a restore needs to describe a loose stream file before its one pass.
     */
    public static StreamTrailer recordedTrailer(Path path) throws IOException {
        int tail = FrameHeader.SIZE + TrailerPayload.SIZE + Preamble.STOP_SIZE;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < tail) {
                throw new StreamFormatException(StreamFormatError.TRUNCATED, path + ": " + size
                        + " bytes cannot end with a trailer frame and the stop marker");
            }
            ByteBuffer buf = ByteBuffer.allocate(tail);
            while (buf.hasRemaining()) {
                if (ch.read(buf, size - tail + buf.position()) < 0) {
                    throw new StreamFormatException(StreamFormatError.TRUNCATED, path + ": file shrank while read");
                }
            }
            byte[] bytes = buf.array();
            if (!Preamble.stopMarker().equals(Nio.wrap(bytes, tail - Preamble.STOP_SIZE, Preamble.STOP_SIZE))) {
                throw new StreamFormatException(StreamFormatError.BAD_STOP_MARKER, path + ": no stop marker at the end");
            }
            FrameHeader h = new FrameHeader(Nio.wrap(bytes, 0, FrameHeader.SIZE));
            io.vertx.core.buffer.Buffer payload = Nio.wrap(bytes, FrameHeader.SIZE, TrailerPayload.SIZE);
            if (h.typeCode() != FrameType.TRAILER.code() || h.payloadLength() != TrailerPayload.SIZE
                    || h.computeCrc(payload) != h.storedCrc()) {
                throw new StreamFormatException(StreamFormatError.CRC_MISMATCH, path
                        + ": the last frame is not an intact trailer");
            }
            return TrailerPayload.decode(payload, h.sequence());
        }
    }

    /** The header frame (read on first call). */
    public StreamHeader header() throws IOException {
        while (decoder.header() == null) {
            if (!fill()) {
                throw new IllegalStateException("no header at a verified end of stream"); // end() reports TRUNCATED first
            }
        }
        if (ready.peek() instanceof StreamHeader) {
            ready.poll();
        }
        return decoder.header();
    }

    /**
     * Decodes on a thread of its own from now on, at most {@code budgetBytes} of data frames ahead of
     * {@link #next()} (one frame always): for callers that do heavy work per frame themselves, such as writing an
     * image. Reads the header first, on the calling thread. Frames, errors and the trailer are as without it;
     * {@link #close()} stops the thread. The content SHA-256 is computed on a third thread, at most {@code budgetBytes}
     * of data behind the decoding. Performance: reading, CRC-32C and SHA-256 on one thread made it the slowest stage
     * of a restore (2.8 CPU-s of a 2 GiB full's 4.3 s, the writing thread 1.3).
     */
    public StreamFileReader readAhead(long budgetBytes) throws IOException {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("read-ahead budget must be positive");
        }
        if (scanArray != null) {
            throw new IllegalStateException("a reader in scan mode cannot read ahead");
        }
        if (ahead == null) {
            header();
            decoder.hashOffThread(SerialDigest.VIRTUAL_THREADS, budgetBytes);
            ahead = FrameReadAhead.start(this::decodeNext, budgetBytes, "stream-read " + path);
        }
        return this;
    }

    /** {@link #readAhead(long)} with {@value #DEFAULT_READ_AHEAD_BYTES} bytes. */
    public StreamFileReader readAhead() throws IOException {
        return readAhead(DEFAULT_READ_AHEAD_BYTES);
    }

    /**
     * Scan mode: every large payload is read into one array, used again for the next, so the bytes of a frame are
     * only valid until the next call of {@link #next()}. For callers that look at frame positions only and let the
     * decoding verify the content (a verify). Performance: a fresh 1 MiB array per frame cost a zeroing pass over
     * every byte and the collector's work (~5 % of a verify's CPU), and the array read again stays in the caches.
     * Not with {@link #readAhead(long)}.
     */
    public StreamFileReader scanOnly() {
        if (ahead != null) {
            throw new IllegalStateException("a reader that reads ahead hands its frames to another thread");
        }
        scanArray = new byte[0];
        return this;
    }

    /** The next content frame, or null after the verified end of the stream. */
    public ContentFrame next() throws IOException {
        return ahead != null ? ahead.next() : decodeNext();
    }

    private ContentFrame decodeNext() throws IOException {
        header();
        while (true) {
            StreamFrame frame = ready.poll();
            if (frame instanceof ContentFrame content) {
                return content;
            }
            if (frame instanceof StreamTrailer t) {
                trailer = t;
            } else if (!fill()) {
                return null;
            }
        }
    }

    /** The trailer, once {@link #next()} has returned null. */
    public StreamTrailer trailer() {
        return trailer;
    }

    @Override
    public void close() throws IOException {
        if (ahead != null) {
            ahead.close();
        }
        channel.close();
    }

    /**
     * Feeds the decoder the next run it wants; false at a verified end of file. Performance: a data frame's
     * payload is read straight into an array of its size, which the decoded frame then slices; reading fixed
     * chunks made almost every 1 MiB frame straddle two chunks and cost a second allocation and copy to gather it
     * (restoring a 2 GiB full without read-ahead: 2.9–3.1 s before, 2.6–2.8 s after). Frame headers and small
     * frames come from a small buffer.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        try {
            int want = decoder.wanted();
            if (want == 0) { // after the stop marker only the end of the input may follow
                if (small.hasRemaining() || readSmall()) {
                    decoder.feed(Nio.wrap(small.array(), small.position(), small.remaining())); // TRAILING_BYTES
                }
                return end();
            }
            if (want >= DIRECT_READ_BYTES && want > small.remaining()) {
                byte[] run = runArray(want);
                int have = small.remaining();
                small.get(run, 0, have);
                int n = have + readFully(ByteBuffer.wrap(run, have, want - have));
                decoder.feed(Nio.wrap(run, 0, n));
                return n == want || end();
            }
            if (!small.hasRemaining() && !readSmall()) {
                return end();
            }
            int n = Math.min(want, small.remaining());
            decoder.feedBorrowed(Nio.wrap(small.array(), small.position(), n));
            small.position(small.position() + n);
            return true;
        } catch (StreamFormatException e) {
            throw new StreamFormatException(e.error(), path + ": " + e.getMessage());
        }
    }

    /** An array for a run of {@code want} bytes: a fresh one, or in scan mode the reused one. */
    private byte[] runArray(int want) {
        if (scanArray == null) {
            return new byte[want];
        }
        if (scanArray.length < want) {
            scanArray = new byte[want];
        }
        return scanArray;
    }

    /** The input ended: false if the stream was complete, else the decoder throws {@code TRUNCATED}. */
    private boolean end() {
        eof = true;
        decoder.end();
        return false;
    }

    /** Refills the small buffer; false at the end of the input. */
    private boolean readSmall() throws IOException {
        small.clear();
        int n = 0;
        while (n == 0) {
            n = channel.read(small);
        }
        small.flip();
        return n > 0;
    }

    /** Reads until {@code dst} is full or the input ends (a pipe gives 64 KiB per read); returns the bytes read. */
    private int readFully(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
