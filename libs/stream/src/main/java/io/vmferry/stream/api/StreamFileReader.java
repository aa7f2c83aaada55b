package io.vmferry.stream.api;

import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.Nio;
import io.vmferry.stream.impl.Preamble;
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
 */
public final class StreamFileReader implements Closeable {
    /** Bytes read from the file per call. */
    public static final int CHUNK_SIZE = 1 << 20;

    private final String path;
    private final ReadableByteChannel channel;
    private final StreamDecoder decoder;
    private final ArrayDeque<StreamFrame> ready = new ArrayDeque<>();
    private StreamTrailer trailer;
    private boolean eof;
    private boolean atEnd;

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

    /** The next content frame, or null after the verified end of the stream. */
    public ContentFrame next() throws IOException {
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
        channel.close();
    }

    /** Reads and decodes one chunk; false at a verified end of file. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        try {
            byte[] bytes = new byte[CHUNK_SIZE];
            ByteBuffer dst = ByteBuffer.wrap(bytes);
            while (dst.hasRemaining() && !atEnd) { // a pipe gives 64 KiB per read: fill the chunk
                atEnd = channel.read(dst) < 0;
            }
            if (dst.position() == 0) {
                eof = true;
                decoder.end();
                return false;
            }
            decoder.feed(Nio.wrap(bytes, 0, dst.position()));
            return true;
        } catch (StreamFormatException e) {
            throw new StreamFormatException(e.error(), path + ": " + e.getMessage());
        }
    }
}
