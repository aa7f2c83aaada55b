package io.vmferry.bridge.bacula;

import io.vmferry.bridge.repo.RestoreResult;
import io.vmferry.bridge.repo.Restorer;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rebuilds a disk from the streams a Bacula restore wrote under {@code where}
 * ({@code WHERE/@vmferry/HOST/VMID/DISK/*.vfs}): starting at the stream of the chosen job it follows each
 * header's parent point down to the full, then restores that chain with {@link Restorer#restoreChain}.
 * Streams of other jobs in the directory are ignored; a missing link is an error naming it.
 */
public final class ChainAssembler {
    private ChainAssembler() {
    }

    /** The staged stream files of a disk, newest first, that restore it at {@code jobId}. */
    public static List<Path> chain(Path where, VmDisk disk, long jobId) {
        Path dir = where.resolve(CatalogPath.directoryOf(disk).substring(1));
        Map<String, Path> byPoint = new HashMap<>();
        Map<String, StreamHeader> headers = new HashMap<>();
        Path newest = null;
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".vfs")).toList()) {
                CatalogPath p = CatalogPath.parse(CatalogPath.directoryOf(disk) + f.getFileName());
                StreamHeader h;
                try (StreamFileReader r = StreamFileReader.open(f)) {
                    h = r.header();
                }
                byPoint.put(h.jobId(), f);
                headers.put(h.jobId(), h);
                if (p.jobId() == jobId) {
                    newest = f;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the restored streams in " + dir, e);
        }
        if (newest == null) {
            throw new BaculaException("no stream of job " + jobId + " for disk " + disk.disk() + " of VM "
                    + disk.vmKey() + " under " + dir);
        }
        List<Path> chain = new ArrayList<>();
        String point = PointLedger.pointId(jobId);
        for (Path f = newest; f != null; ) {
            chain.add(f);
            String parent = headers.get(point).parentPointId();
            if (parent == null) {
                return chain;
            }
            f = byPoint.get(parent);
            if (f == null) {
                throw new BaculaException("chain link missing: " + point + " of disk " + disk.disk() + " builds on "
                        + parent + ", which was not restored (is its job still in the catalog?)");
            }
            point = parent;
        }
        return chain;
    }

    /** Rebuilds {@code disk} at {@code jobId} into {@code target} as raw. */
    public static RestoreResult assemble(Path where, VmDisk disk, long jobId, Path target) {
        return assemble(where, disk, jobId, target, "raw");
    }

    /** Rebuilds {@code disk} at {@code jobId} into {@code target} as {@code format} ({@code raw} or {@code qcow2}). */
    public static RestoreResult assemble(Path where, VmDisk disk, long jobId, Path target, String format) {
        return new Restorer().restoreChain(chain(where, disk, jobId), target, format);
    }
}
