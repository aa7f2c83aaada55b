package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamCounts;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storing a received stream: same frames and digest as sent, nothing left behind on failure. */
class IncomingStreamTest {
    private static final StreamHeader HEADER = StreamHeader.full("j1", "lab/101", "scsi0", 1 << 20, Instant.EPOCH);
    private static final List<StreamExtent> EXTENTS = List.of(StreamExtent.data(0, Buffer.buffer(new byte[300_000])),
            StreamExtent.zero(300_000, 4096), StreamExtent.hole(400_000, 10_000));

    @TempDir
    Path tmp;

    @Test
    void storedStreamKeepsTheSendersFramesAndDigest() throws Exception {
        Path file = tmp.resolve("scsi0.vfs");
        StoredStream s = ChainFixture.storeStream(file, HEADER, EXTENTS, EncoderOptions.DEFAULT.withMaxDataFrameBytes(65536));
        assertEquals(Files.size(file), s.bytes());
        assertEquals(300_000, s.dataBytes());
        StreamTrailer t = StreamFileReader.verify(file);
        assertEquals(5 + 2, t.counts().contentFrames(), "the 64 KiB split is kept");
        assertEquals(s.sha256(), t.sha256());
        assertEquals(List.of(file), list());
    }

    @Test
    void trailerMismatchIsNotCommitted() throws Exception {
        List<StreamFrame> frames = ChainFixture.frames(HEADER, EXTENTS, EncoderOptions.DEFAULT);
        StreamTrailer real = (StreamTrailer) frames.get(frames.size() - 1);
        StreamTrailer forged = new StreamTrailer(real.sequence(), real.counts(), "00".repeat(32));
        Path file = tmp.resolve("scsi0.vfs");
        try (IncomingStream in = IncomingStream.create(file, HEADER, EncoderOptions.DEFAULT)) {
            frames.stream().filter(f -> f instanceof ContentFrame).forEach(f -> append(in, (ContentFrame) f));
            RepositoryException e = assertThrows(RepositoryException.class, () -> in.commit(forged));
            assertTrue(e.getMessage().startsWith("stored stream has sha256 " + real.sha256() + ", the sender's"), e.getMessage());
        }
        assertEquals(List.of(), list());
        try (IncomingStream in = IncomingStream.create(file, HEADER, EncoderOptions.DEFAULT)) {
            frames.stream().filter(f -> f instanceof ContentFrame).forEach(f -> append(in, (ContentFrame) f));
            StreamCounts c = real.counts();
            StreamTrailer fewer = new StreamTrailer(real.sequence(), new StreamCounts(c.dataFrames(), c.dataBytes(),
                    c.storedDataBytes(), c.zeroFrames(), c.zeroBytes(), 0, 0), real.sha256());
            assertThrows(RepositoryException.class, () -> in.commit(fewer));
        }
        assertEquals(List.of(), list());
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        try (IncomingStream in = IncomingStream.create(tmp.resolve("scsi0.vfs"), HEADER, EncoderOptions.DEFAULT)) {
            in.append(new io.vmferry.stream.api.ZeroFrame(1, 0, 512));
            assertEquals(1, list().size());
        }
        assertEquals(List.of(), list());
    }

    private static void append(IncomingStream in, ContentFrame f) {
        try {
            in.append(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Path> list() throws Exception {
        try (var s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
