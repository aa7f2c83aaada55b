package io.vmferry.bridge.repo;

import io.vmferry.bus.IoMessages;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds one disk as it was at one restore point (blocking). All streams of the chain are read
 * at once, front to back, in one sweep over the disk: at each offset the newest stream with a data
 * or zero frame there wins (a newer frame shadows everything older; holes, and ranges a stream does
 * not mention, let the older streams show through; what no stream covers reads as zeros). So
 * every stream is read exactly once and every output block is written at most once, in ascending
 * order, which lets sequential formats (qcow2 through {@code libs/formats}) be written in the same
 * single pass as sparse raw. Each stream is decoded and verified on a thread of its own, a few MiB ahead of the
 * sweep (see {@link io.vmferry.stream.api.StreamFileReader#readAhead(long)}), so verification and writing overlap;
 * memory is that read-ahead (32 MiB shared by the chain, at least 2 MiB per stream) plus, per stream, the frame at
 * the sweep and the one being decoded.
 *
 * <p>Every frame's CRC is verified as it is read, each stream's SHA-256 and counts against its
 * trailer and against {@code point.json}, and each header against the point it is filed under.
 * The image is written to {@code <target>.part-<random>} and renamed only when everything checked
 * out; on any problem it is deleted and a {@link RestoreException} names the first one. The chain is
 * {@linkplain LocalRepository#hold held} while it is read, so a prune running meanwhile leaves it in place.
 */
public final class Restorer {
    /** Data bytes decoded ahead of the restore position, shared by the streams of a chain (2 MiB each at least). */
    private static final long READ_AHEAD_BYTES = 32L << 20;
    private static final long MIN_READ_AHEAD_BYTES = 2L << 20;

    /**
     * Restores {@code disk} of {@code vm} (key or vmid) at {@code pointId} (or {@code latest}) into
     * {@code target} (which must not exist) as {@code format} ({@code raw} or {@code qcow2}),
     * reporting progress to {@code progress}.
     */
    public RestoreResult restore(LocalRepository repo, String vm, String disk, String pointId, Path target,
                                 String format, RestoreProgress progress) {
        String what = "restore of " + vm + " " + disk + " at " + pointId;
        try {
            Point point = repo.point(vm, pointId);
            what = "restore of " + point.vm() + " " + disk + " at " + point.id();
            if (!ImageFormats.byName(format).canCreate()) {
                throw new RepositoryException("cannot write " + format + " images");
            }
            if (Files.exists(target)) {
                throw new RepositoryException("target " + target + " already exists");
            }
            List<Point> chain = repo.chain(point.vm(), point.id());
            long dataBytes;
            List<ChainLink> links;
            try (PointHold held = repo.hold(chain)) { // a prune meanwhile leaves the chain alone
                links = links(repo, chain, disk);
                dataBytes = write(links, target, format, progress == null ? RestoreProgress.NONE : progress);
            }
            return new RestoreResult(point.vm(), disk, point.id(), links.stream().map(l -> l.point().id()).toList(),
                    target, format, links.get(0).disk().virtualSize(), dataBytes);
        } catch (RepositoryException | IllegalArgumentException | StreamFormatException e) {
            throw new RestoreException(what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException(what + ": " + IoMessages.of(e), e);
        } catch (UncheckedIOException e) {
            throw new RestoreException(what + ": " + IoMessages.of(e.getCause()), e);
        }
    }

    /** Like {@link #restore(LocalRepository, String, String, String, Path, String, RestoreProgress)} without progress. */
    public RestoreResult restore(LocalRepository repo, String vm, String disk, String pointId, Path target,
                                 String format) {
        return restore(repo, vm, disk, pointId, target, format, RestoreProgress.NONE);
    }

    /**
     * Restores a chain of stream files that are not in a repository (e.g. streams restored from Bacula), newest
     * first, into {@code target} (which must not exist) as {@code format}. Each stream is verified (frame CRCs,
     * trailer SHA-256) and described by its own header; each must build on the next one ({@code parent point} =
     * the next stream's job id) and the last must be a full.
     */
    public RestoreResult restoreChain(List<Path> newestFirst, Path target, String format) {
        String what = "restore of " + (newestFirst.isEmpty() ? "an empty chain" : newestFirst.get(0).getFileName());
        try {
            if (newestFirst.isEmpty()) {
                throw new RepositoryException("no stream to restore");
            }
            if (Files.exists(target)) {
                throw new RepositoryException("target " + target + " already exists");
            }
            List<ChainLink> links = new ArrayList<>();
            for (Path file : newestFirst) {
                links.add(StreamChains.link(file));
            }
            StreamChains.checkLinked(links);
            long dataBytes = write(links, target, format, RestoreProgress.NONE);
            Point newest = links.get(0).point();
            return new RestoreResult(newest.vm(), links.get(0).disk().name(), newest.id(),
                    links.stream().map(l -> l.point().id()).toList(), target, format,
                    links.get(0).disk().virtualSize(), dataBytes);
        } catch (RepositoryException | IllegalArgumentException | StreamFormatException e) {
            throw new RestoreException(what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException(what + ": " + IoMessages.of(e), e);
        } catch (UncheckedIOException e) {
            throw new RestoreException(what + ": " + IoMessages.of(e.getCause()), e);
        }
    }

    /** The streams of {@code disk} along {@code chain}, described by each point's own {@code point.json}. */
    static List<ChainLink> links(LocalRepository repo, List<Point> chain, String disk) {
        List<ChainLink> links = new ArrayList<>();
        for (Point indexed : chain) {
            links.add(link(repo, described(repo, indexed), disk));
        }
        return links;
    }

    /** The point as its own {@code point.json} describes it, which must match its index entry. */
    static Point described(LocalRepository repo, Point indexed) {
        Point p = repo.pointFile(indexed.vm(), indexed.id());
        if (!p.id().equals(indexed.id()) || !p.vm().equals(indexed.vm())
                || !Objects.equals(p.parent(), indexed.parent())) {
            throw new RepositoryException("point.json of " + indexed.id() + " does not match the index");
        }
        return p;
    }

    /** The stream of {@code disk} in a point {@link #described} it. */
    static ChainLink link(LocalRepository repo, Point described, String disk) {
        PointDisk d = described.disk(disk).orElseThrow(() -> new RepositoryException("point " + described.id()
                + " of " + described.vm() + " has no disk " + disk + " (disks: "
                + String.join(", ", described.diskNames()) + ")"));
        return new ChainLink(described, d, repo.streamFile(described, disk));
    }

    private static long write(List<ChainLink> links, Path target, String format, RestoreProgress progress)
            throws IOException {
        long size = links.get(0).disk().virtualSize();
        Path part = target.resolveSibling(target.getFileName() + ".part-" + AtomicFiles.randomSuffix());
        List<ChainCursor> cursors = new ArrayList<>();
        boolean done = false;
        try {
            long readAhead = Math.max(MIN_READ_AHEAD_BYTES, READ_AHEAD_BYTES / links.size());
            for (ChainLink link : links) {
                cursors.add(ChainCursor.open(link, readAhead));
            }
            long dataBytes;
            try (BlockWriter out = new TargetWriter(target, ImageFormats.create(part, format, size, Map.of()))) {
                dataBytes = sweep(cursors, out, size, progress);
                for (ChainCursor c : cursors) {
                    c.finish();
                }
                out.finish();
            }
            AtomicFiles.rename(part, target);
            done = true;
            return dataBytes;
        } finally {
            cursors.forEach(ChainCursor::close);
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Writes {@code [0, size)} from the newest stream covering each range; returns the data bytes written. */
    private static long sweep(List<ChainCursor> cursors, BlockWriter out, long size, RestoreProgress progress)
            throws IOException {
        long written = 0;
        long pos = 0;
        while (pos < size) {
            long end = size;
            ContentFrame winner = null;
            for (ChainCursor c : cursors) {
                ContentFrame f = c.at(pos);
                if (f == null) {
                    continue;
                }
                if (f.offset() <= pos && f.type() != FrameType.HOLE) {
                    winner = f;
                    end = Math.min(end, f.end());
                    break;
                }
                end = Math.min(end, f.offset() > pos ? f.offset() : f.end());
            }
            if (winner instanceof DataFrame d) {
                int from = (int) (pos - d.offset());
                out.write(pos, d.bytes(from, (int) (end - d.offset())));
                written += end - pos;
            } else if (winner != null) {
                out.zero(pos, end - pos);
            }
            pos = end;
            progress.update(pos, size);
        }
        return written;
    }
}
