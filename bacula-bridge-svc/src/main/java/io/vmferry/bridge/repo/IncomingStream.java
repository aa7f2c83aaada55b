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
    /** Frames and trailer come from a sink's decoder (CRCs and counts checked): their bytes are not hashed again. */
    private final boolean verified;
    private final long startNanos = System.nanoTime();
    private boolean committed;

    private IncomingStream(StreamHeader header, Path file, StreamFileWriter writer, boolean verified) {
        this.header = header;
        this.file = file;
        this.writer = writer;
        this.verified = verified;
    }

    /**
     * Starts {@code file} (which must not exist) for a stream with {@code header}; {@code options}
     * chooses the stored compression (the frame size is always the format's maximum, so frames are
     * never split).
     */
    public static IncomingStream create(Path file, StreamHeader header, EncoderOptions options) throws IOException {
        return create(file, header, options, false);
    }

    /**
     * As {@link #create(Path, StreamHeader, EncoderOptions)}; {@code verified}: every frame and the
     * trailer come from a {@code StreamDecoder} that checked their CRCs and counts (the stream sink, which
     * verified or carried the content SHA-256: {@code DigestCheck}), so the stored bytes are not hashed here and
     * the file carries the trailer's SHA-256. Performance: a SHA-256 pass was one of the sink's top costs.
     */
    public static IncomingStream create(Path file, StreamHeader header, EncoderOptions options, boolean verified)
            throws IOException {
        EncoderOptions keepSplit = options.withMaxDataFrameBytes(StreamFormat.MAX_DATA_FRAME_BYTES);
        // direct: a sink stores multi-GiB streams; see StreamFileWriter.create(..., direct)
        return new IncomingStream(header, file, StreamFileWriter.create(file, header, keepSplit, true), verified);
    }

    /** The header the stream started with. */
    public StreamHeader header() {
        return header;
    }

    /** Appends one received content frame. */
    public void append(ContentFrame frame) throws IOException {
        switch (frame) {
            // Performance: the frame was verified by the sink's decoder; store its payload as it
            // travelled (no second SHA-256, no LZ4 re-compression, no re-split) — see StreamEncoder.relay.
            case DataFrame d -> writer.relay(d, !verified);
            default -> writer.append(new StreamExtent(frame.type(), frame.offset(), frame.length(), null));
        }
    }

    /**
     * Finishes the file and checks it against {@code received}: same SHA-256 and counts (stored
     * bytes aside, as compression may differ). On a mismatch the file is deleted.
     */
    public StoredStream commit(StreamTrailer received) throws IOException {
        // verified input is not hashed again: the file carries the trailer's SHA-256 for the very frames
        // written here (checked by every later read); the counts are still compared below.
        StreamTrailer stored = writer.finish(verified ? received.sha256() : null);
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
