package io.vmferry.stream.api;

import io.vmferry.bus.IoMessages;
import io.vmferry.stream.impl.DirectFileOutput;
import io.vmferry.stream.impl.Nio;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Blocking writer of a {@code .vfs} stream file, using the same {@link StreamEncoder} as the network
 * path. Bytes go to {@code <target>.part}; {@link #finish()} writes the trailer, forces the file to
 * disk and renames it to {@code target}, so a file under the final name is always complete.
 * {@link #close()} without {@code finish()} deletes the partial file. Not thread-safe; keep it off
 * the event loop. Large files (a sink's) can bypass the page cache: see {@link #create(Path, StreamHeader,
 * EncoderOptions, boolean)}.
 */
public final class StreamFileWriter implements Closeable {
    private final Path target;
    private final Path partial;
    private final DirectFileOutput channel;
    private final StreamEncoder encoder;
    private boolean done;

    private StreamFileWriter(Path target, Path partial, DirectFileOutput channel, StreamEncoder encoder) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.encoder = encoder;
    }

    /** Starts {@code target} (which must not exist) with the preamble and {@code header}. */
    public static StreamFileWriter create(Path target, StreamHeader header, EncoderOptions options) throws IOException {
        return create(target, header, options, false);
    }

    /**
     * As {@link #create(Path, StreamHeader, EncoderOptions)}; with {@code direct} the file is written
     * with {@code O_DIRECT} in block-aligned pieces where the file system allows it
     * ({@link DirectFileOutput}): for multi-GiB streams, which would otherwise cost a page-cache copy,
     * writeback CPU and a long final {@code fsync}. The bytes written are the same.
     */
    public static StreamFileWriter create(Path target, StreamHeader header, EncoderOptions options, boolean direct)
            throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "stream file exists");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        DirectFileOutput channel = DirectFileOutput.create(partial, direct);
        StreamFileWriter writer = new StreamFileWriter(target, partial, channel, new StreamEncoder(header, options));
        try {
            writer.write(writer.encoder.start());
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** Appends one extent (data is split into frames as the options say). */
    public void append(StreamExtent extent) throws IOException {
        write(encoder.append(extent));
    }

    /**
     * Appends a data frame a {@link StreamDecoder} verified, keeping its payload as it travelled
     * ({@link StreamEncoder#relay}); such a file ends with {@link #finish(String)}.
     */
    public void relay(DataFrame frame) throws IOException {
        write(encoder.relay(frame));
    }

    /** As {@link #relay(DataFrame)}; {@code hashAgain} as in {@link StreamEncoder#relay(DataFrame, boolean)}. */
    public void relay(DataFrame frame, boolean hashAgain) throws IOException {
        write(encoder.relay(frame, hashAgain));
    }

    /** Appends data bytes at {@code offset}; {@code src} is read without being moved. */
    public void data(long offset, ByteBuffer src) throws IOException {
        append(StreamExtent.data(offset, Nio.wrap(src)));
    }

    /** Appends data bytes at {@code offset}. */
    public void data(long offset, Buffer src) throws IOException {
        append(StreamExtent.data(offset, src));
    }

    /** Appends a zero range. */
    public void zero(long offset, long length) throws IOException {
        append(StreamExtent.zero(offset, length));
    }

    /** Appends a hole. */
    public void hole(long offset, long length) throws IOException {
        append(StreamExtent.hole(offset, length));
    }

    /** Writes trailer and stop marker, syncs and publishes the file under its final name. */
    public StreamTrailer finish() throws IOException {
        return finish(null);
    }

    /**
     * As {@link #finish()}, with the content SHA-256 a decoder verified for relayed frames
     * ({@link StreamEncoder#finish(String)}; null: the computed one).
     */
    public StreamTrailer finish(String verifiedSha256) throws IOException {
        write(encoder.finish(verifiedSha256));
        try {
            channel.finish();
            channel.close();
        } catch (IOException e) {
            throw IoMessages.naming(partial, e);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        done = true;
        syncDirectory(target.toAbsolutePath().getParent());
        return encoder.trailer();
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return encoder.bytesWritten();
    }

    /** Closes; without a successful {@link #finish()} the partial file is deleted. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void write(Buffer bytes) throws IOException {
        // Encoded frames are composites of header and payload (FrameHeader.encode): a gathering
        // write takes the parts as they are, where one ByteBuffer view would copy them together.
        ByteBuffer[] parts = bytes instanceof BufferInternal b ? b.getByteBuf().nioBuffers()
                : new ByteBuffer[] {Nio.view(bytes)};
        try {
            channel.write(parts);
        } catch (IOException e) {
            throw IoMessages.naming(partial, e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every platform can open a directory for syncing
        }
    }
}
