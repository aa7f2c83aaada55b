package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The last points whose snapshot was released successfully, per VM ({@code STATE/vms/HOST/VMID/{last,last-full}}):
 * the change tracking was reset at exactly those points, so an incremental stream builds on {@code last} and a
 * differential on {@code last-full}. Point ids are {@code bacula-<JobId>} (also each stream's job id).
 *
 * <p>Two phases, because the snapshot is released (and QEMU's change tracking reset) when the VM's readers are done,
 * while the Bacula job can still fail after that (the Storage Daemon dies before the job commits): such a point is
 * first {@link #pending}, and becomes {@code last} only once the Director reports its job terminated OK
 * ({@link #resolvePending}). A job that did not, or that had not ended when the next job of the VM started, makes
 * the tracking {@link #lost}: the changes between its parent and its snapshot are in no catalog job, so the next
 * backup of the VM must be a full (and says why). A successful full clears that.
 *
 * <p>Each recorded point also names the snapshot checkpoint it was taken at, which QEMU's change tracking labels its
 * bitmaps with: a snapshot whose tracked changes start elsewhere cannot build on it ({@link #trackingMismatch}).
 */
public final class PointLedger {
    private final Path root;

    /** The ledger under the state directory. */
    public PointLedger(Path stateDir) {
        this.root = stateDir.resolve("vms");
    }

    /** The point id of a Bacula job. */
    public static String pointId(long jobId) {
        return "bacula-" + jobId;
    }

    /** The point a stream of {@code level} builds on, or empty when there is none (then it must be a full). */
    public Optional<String> parent(String host, int vmid, BackupLevel level) {
        return parentEntry(host, vmid, level).map(e -> e[0]);
    }

    /**
     * Why a snapshot of {@code level} whose tracked changes start at checkpoint {@code since} cannot build on the
     * ledger's parent (that point was taken at another checkpoint: a backup of the VM stored elsewhere since, or a
     * ledger restored from an older copy), or empty when it can or the ledger does not know the parent's checkpoint.
     */
    public Optional<String> trackingMismatch(String host, int vmid, BackupLevel level, String since) {
        Optional<String[]> parent = parentEntry(host, vmid, level);
        if (level == BackupLevel.FULL || since == null || parent.isEmpty() || parent.get().length < 2
                || parent.get()[1].equals(since)) {
            return Optional.empty();
        }
        return Optional.of("the changes QEMU tracked start at snapshot " + since + ", but the point this "
                + level.label() + " would build on (" + parent.get()[0] + ") was taken at snapshot "
                + parent.get()[1]);
    }

    private Optional<String[]> parentEntry(String host, int vmid, BackupLevel level) {
        return switch (level) {
            case FULL -> Optional.empty();
            case INCREMENTAL -> read(dir(host, vmid).resolve("last")).map(l -> l.split(" "));
            case DIFFERENTIAL -> read(dir(host, vmid).resolve("last-full")).map(l -> l.split(" "));
        };
    }

    /**
     * Records a point, taken at snapshot {@code checkpoint}, whose snapshot was released successfully and whose job
     * is known to have succeeded.
     */
    public void record(String host, int vmid, String pointId, BackupLevel level, String checkpoint) {
        String entry = checkpoint == null ? pointId : pointId + " " + checkpoint;
        write(dir(host, vmid).resolve("last"), entry);
        if (level == BackupLevel.FULL) {
            write(dir(host, vmid).resolve("last-full"), entry);
            delete(dir(host, vmid).resolve("lost"));
        }
        delete(dir(host, vmid).resolve("pending"));
    }

    /**
     * A point, taken at snapshot {@code checkpoint}, whose snapshot was released successfully, its job's outcome not
     * known yet.
     */
    public void pending(String host, int vmid, String pointId, BackupLevel level, String checkpoint) {
        write(dir(host, vmid).resolve("pending"), pointId + " " + level.label() + " " + checkpoint);
    }

    /**
     * Settles a {@link #pending} point of the VM, if any: recorded when {@code statusOf} (the Director) reports its
     * job terminated OK, else the tracking is {@link #lost}. Returns the point's job status line, or empty.
     */
    public Optional<String> resolvePending(String host, int vmid, LongFunction<JobStatus> statusOf) {
        return resolvePending(host, vmid, null, statusOf);
    }

    /** True while {@code pointId} is the VM's {@link #pending} point. */
    public boolean isPending(String host, int vmid, String pointId) {
        return read(dir(host, vmid).resolve("pending")).map(p -> p.split(" ")[0].equals(pointId)).orElse(false);
    }

    /**
     * As {@link #resolvePending(String, int, LongFunction)} for the pending point only if it is {@code pointId},
     * and only once its job has terminated: a job still running settles nothing here.
     */
    public Optional<String> resolveOwn(String host, int vmid, String pointId, LongFunction<JobStatus> statusOf) {
        return resolvePending(host, vmid, pointId, statusOf);
    }

    private Optional<String> resolvePending(String host, int vmid, String own, LongFunction<JobStatus> statusOf) {
        Optional<String> pending = read(dir(host, vmid).resolve("pending"));
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = pending.get().split(" ");
        String pointId = parts[0];
        if (own != null && !own.equals(pointId)) {
            return Optional.empty();
        }
        long jobId = Long.parseLong(pointId.substring(pointId.indexOf('-') + 1));
        JobStatus status;
        try {
            status = statusOf.apply(jobId);
        } catch (RuntimeException e) {
            return Optional.empty();   // the Director is unreachable: settle later
        }
        if (status.succeeded()) {
            record(host, vmid, pointId, BackupLevel.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)),
                    parts.length > 2 ? parts[2] : null);
        } else if (status.terminated()) {
            lose(host, vmid, "Bacula job " + jobId + " of this VM failed after its snapshot was released ("
                    + status.describe() + ")");
        } else if (own == null) {
            lose(host, vmid, "Bacula job " + jobId + " of this VM had not ended when the next one started ("
                    + status.describe() + ")");
        } else {
            return Optional.empty();
        }
        return Optional.of(status.describe());
    }

    /** Change tracking no longer matches the catalog, for {@code reason}: the next backup must be a full. */
    public void lose(String host, int vmid, String reason) {
        write(dir(host, vmid).resolve("lost"), reason);
        delete(dir(host, vmid).resolve("pending"));
    }

    /** Why the VM's next backup must be a full, or empty. */
    public Optional<String> lost(String host, int vmid) {
        return read(dir(host, vmid).resolve("lost"));
    }

    private Path dir(String host, int vmid) {
        return root.resolve(host).resolve(Integer.toString(vmid));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
