package io.vmferry.convert;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.CopyStats;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamHeader;
import java.io.IOException;

/**
 * Writes one full-backup extent stream (format v1) straight into a {@link BlockWriter} of any format,
 * in one pass: stream frames arrive in ascending offset order, which is the order writers need, so a
 * restore lands as qcow2, VHDX or VMDK without a raw copy in between. Data frames are written,
 * zero and hole frames become {@link BlockWriter#zero}; memory is one frame.
 *
 * <pre>{@code
 * try (StreamFileReader in = StreamFileReader.open(vfs);
 *      BlockWriter out = ImageFormats.create(qcow2, "qcow2", in.header().virtualSize(), Map.of())) {
 *     CopyStats stats = StreamToImage.copy(in, out);
 * }
 * }</pre>
 * The caller owns the writer: it closes it, and deletes the file when anything failed. Not thread-safe.
 */
public final class StreamToImage {
    private final StreamHeader header;
    private final BlockWriter writer;
    private long dataBytes;
    private long zeroBytes;

    /**
     * Starts writing the stream described by {@code header} into {@code writer}.
     *
     * @throws ConvertException BAD_SOURCE when the stream is not a full backup, BAD_REQUEST when the
     *                          writer is smaller than the disk
     */
    public StreamToImage(StreamHeader header, BlockWriter writer) throws ConvertException {
        if (header.level() != BackupLevel.FULL) {
            throw new ConvertException(ConvertException.Kind.BAD_SOURCE, "stream of " + header.vmKey() + " "
                    + header.diskName() + " is not a full backup (level " + header.level().label()
                    + "); only a full stream converts on its own (restore the chain instead)");
        }
        if (writer.size() < header.virtualSize()) {
            throw new ConvertException(ConvertException.Kind.BAD_REQUEST, "target of " + writer.size()
                    + " bytes is smaller than the stream's disk of " + header.virtualSize() + " bytes");
        }
        this.header = header;
        this.writer = writer;
    }

    /** Copies every frame of {@code reader} (header already read or not) into {@code writer} and finishes it. */
    public static CopyStats copy(StreamFileReader reader, BlockWriter writer) throws IOException {
        StreamToImage sink = new StreamToImage(reader.header(), writer);
        for (ContentFrame f; (f = reader.next()) != null; ) {
            sink.accept(f);
        }
        return sink.finish();
    }

    /** The stream's header. */
    public StreamHeader header() {
        return header;
    }

    /** Applies one content frame; frames must come in stream order. */
    public void accept(ContentFrame frame) throws IOException {
        if (frame instanceof DataFrame data) {
            writer.write(data.offset(), data.bytes());
            dataBytes += data.length();
        } else {
            writer.zero(frame.offset(), frame.length());
            zeroBytes += frame.length();
        }
    }

    /** Completes the image (after the trailer was verified) and says what was written. */
    public CopyStats finish() throws IOException {
        writer.finish();
        return new CopyStats(dataBytes, zeroBytes);
    }
}
