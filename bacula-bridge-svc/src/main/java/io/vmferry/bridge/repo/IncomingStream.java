package io.vmferry.bridge.repo;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamCounts;
import io.vmferry.stream.api.StreamFileWriter;
import io.vmferry.stream.api.StreamFormat;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.StreamExtent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One disk stream being stored (blocking; keep it off the event loop). The verified frames a sink
 * receives are written again through {@link StreamFileWriter} into {@code <disk>.vfs.part}, one stored
 * frame per received frame, so the stored stream has the sender's frame split and therefore its
 * content SHA-256. {@link #commit} writes the trailer, forces the file to disk, renames it to
 * {@code <disk>.vfs} and checks the stored counts and SHA-256 against the received trailer;
 * {@link #close()} without a commit deletes the partial file.
 */
public final class IncomingStream implements Closeable {
    private final StreamHeader header;
    private final Path file;
    private final StreamFileWriter writer;
    private final long startNanos = System.nanoTime();
    private boolean committed;

    private IncomingStream(StreamHeader header, Path file, StreamFileWriter writer) {
        this.header = header;
        this.file = file;
        this.writer = writer;
    }

    /**
     * Starts {@code file} (which must not exist) for a stream with {@code header}; {@code options}
     * chooses the stored compression (the frame size is always the format's maximum, so frames are
     * never split).
     */
    public static IncomingStream create(Path file, StreamHeader header, EncoderOptions options) throws IOException {
        EncoderOptions keepSplit = options.withMaxDataFrameBytes(StreamFormat.MAX_DATA_FRAME_BYTES);
        return new IncomingStream(header, file, StreamFileWriter.create(file, header, keepSplit));
    }

    /** The header the stream started with. */
    public StreamHeader header() {
        return header;
    }

    /** Appends one received content frame. */
    public void append(ContentFrame frame) throws IOException {
        switch (frame) {
            case DataFrame d -> writer.append(StreamExtent.data(d.offset(), d.data()));
            default -> writer.append(new StreamExtent(frame.type(), frame.offset(), frame.length(), null));
        }
    }

    /**
     * Finishes the file and checks it against {@code received}: same SHA-256 and counts (stored
     * bytes aside, as compression may differ). On a mismatch the file is deleted.
     */
    public StoredStream commit(StreamTrailer received) throws IOException {
        StreamTrailer stored = writer.finish();
        committed = true;
        String mismatch = compare(stored, received);
        if (mismatch != null) {
            Files.deleteIfExists(file);
            throw new RepositoryException(mismatch);
        }
        return new StoredStream(header.diskName(), header.virtualSize(), Files.size(file),
                stored.counts().dataBytes(), stored.sha256(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** Deletes the partial file unless the stream was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            writer.close();
        }
    }

    private static String compare(StreamTrailer stored, StreamTrailer received) {
        if (!stored.sha256().equals(received.sha256())) {
            return "stored stream has sha256 " + stored.sha256() + ", the sender's trailer " + received.sha256();
        }
        StreamCounts s = stored.counts();
        StreamCounts r = received.counts();
        if (s.dataFrames() != r.dataFrames() || s.dataBytes() != r.dataBytes() || s.zeroFrames() != r.zeroFrames()
                || s.zeroBytes() != r.zeroBytes() || s.holeFrames() != r.holeFrames() || s.holeBytes() != r.holeBytes()) {
            return "stored stream counts " + s + " differ from the sender's trailer " + r;
        }
        return null;
    }
}
