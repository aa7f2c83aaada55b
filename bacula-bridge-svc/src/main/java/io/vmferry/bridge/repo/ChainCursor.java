package io.vmferry.bridge.repo;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * Reads one stream of a restore chain front to back, every frame verified by
 * {@link StreamFileReader}, keeping the first frame that still matters at the restore position.
 * Opening checks that the stream is the one {@code point.json} describes (VM, disk, level, parent,
 * job, size); {@link #finish()} reads the rest and checks the trailer against {@code point.json}.
 */
final class ChainCursor implements Closeable {
    private final ChainLink link;
    private final StreamFileReader reader;
    private ContentFrame current;
    private boolean exhausted;

    private ChainCursor(ChainLink link, StreamFileReader reader) {
        this.link = link;
        this.reader = reader;
    }

    /**
     * Opens the stream of {@code link}, checks its header and size, and starts decoding it on a thread of its own,
     * at most {@code readAheadBytes} of data ahead of the restore position.
     */
    static ChainCursor open(ChainLink link, long readAheadBytes) {
        return open(link, reader -> reader.readAhead(readAheadBytes));
    }

    /**
     * Opens the stream of {@code link} as {@link #open(ChainLink, long)} to verify it only: decoded on the calling
     * thread, the frames' bytes valid only until the next frame is read ({@link StreamFileReader#scanOnly()}).
     */
    static ChainCursor scan(ChainLink link) {
        return open(link, StreamFileReader::scanOnly);
    }

    /** How a cursor's reader reads once the header and size are checked. */
    @FunctionalInterface
    private interface ReadMode {
        void apply(StreamFileReader reader) throws IOException;
    }

    private static ChainCursor open(ChainLink link, ReadMode mode) {
        StreamFileReader reader;
        try {
            reader = StreamFileReader.open(link.file());
        } catch (NoSuchFileException e) {
            throw new RepositoryException("stream " + link.name() + " is missing", e);
        } catch (IOException e) {
            throw new RepositoryException("cannot read stream " + link.name() + ": " + e.getMessage(), e);
        }
        ChainCursor cursor = new ChainCursor(link, reader);
        try {
            cursor.checkHeader();
            long size = Files.size(link.file());
            if (size != link.disk().bytes()) {
                throw new RepositoryException("stream " + link.name() + " is corrupt: it has " + size
                        + " bytes, point.json says " + link.disk().bytes());
            }
            mode.apply(reader);
            return cursor;
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw e instanceof RuntimeException re ? cursor.wrap(re) : cursor.io((IOException) e);
        }
    }

    /** The first frame ending after {@code pos} (frames before it are read, verified and dropped), or null. */
    ContentFrame at(long pos) {
        while (!exhausted && (current == null || current.end() <= pos)) {
            current = read();
            exhausted = current == null;
        }
        return exhausted ? null : current;
    }

    /** Reads to the verified end and checks the trailer against {@code point.json}. */
    void finish() {
        while (!exhausted) {
            exhausted = read() == null;
        }
        StreamTrailer t = reader.trailer();
        if (!t.sha256().equals(link.disk().sha256())) {
            throw new RepositoryException("stream " + link.name() + " does not match point.json: sha256 "
                    + t.sha256() + ", point.json says " + link.disk().sha256());
        }
        if (t.counts().dataBytes() != link.disk().dataBytes()) {
            throw new RepositoryException("stream " + link.name() + " does not match point.json: "
                    + t.counts().dataBytes() + " data bytes, point.json says " + link.disk().dataBytes());
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // read-only file: nothing was lost
        }
    }

    private ContentFrame read() {
        try {
            return reader.next();
        } catch (IOException e) {
            throw io(e);
        } catch (StreamFormatException e) {
            throw wrap(e);
        }
    }

    private void checkHeader() throws IOException {
        StreamHeader h = reader.header();
        Point p = link.point();
        String problem = null;
        if (!h.vmKey().equals(p.vm()) || !h.diskName().equals(link.disk().name())) {
            problem = "it holds disk " + h.diskName() + " of " + h.vmKey();
        } else if (!h.level().label().equals(p.level())) {
            problem = "it is a " + h.level().label() + " stream, point " + p.id() + " is " + p.level();
        } else if (!Objects.equals(h.parentPointId(), p.parent())) {
            problem = "its parent is " + h.parentPointId() + ", point " + p.id() + "'s parent is " + p.parent();
        } else if (p.jobId() != null && !h.jobId().equals(p.jobId())) {
            problem = "it was written by job " + h.jobId() + ", point " + p.id() + " by job " + p.jobId();
        } else if (h.virtualSize() != link.disk().virtualSize()) {
            problem = "its virtual size is " + h.virtualSize() + ", point.json says " + link.disk().virtualSize();
        }
        if (problem != null) {
            throw new RepositoryException("stream " + link.name() + " does not belong to point " + p.id() + ": " + problem);
        }
    }

    private RuntimeException wrap(RuntimeException e) {
        if (e instanceof StreamFormatException f) {
            String m = f.getMessage();
            String prefix = link.file() + ": ";
            return new RepositoryException("stream " + link.name() + " is corrupt: "
                    + (m.startsWith(prefix) ? m.substring(prefix.length()) : m), e);
        }
        return e;
    }

    private RepositoryException io(IOException e) {
        return new RepositoryException("cannot read stream " + link.name() + ": " + e.getMessage(), e);
    }
}
