package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last points whose snapshot was released successfully, per VM ({@code STATE/vms/HOST/VMID/{last,last-full}}):
 * the change tracking was reset at exactly those points, so an incremental stream builds on {@code last} and a
 * differential on {@code last-full}. Point ids are {@code bacula-<JobId>} (also each stream's job id).
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
        return switch (level) {
            case FULL -> Optional.empty();
            case INCREMENTAL -> read(dir(host, vmid).resolve("last"));
            case DIFFERENTIAL -> read(dir(host, vmid).resolve("last-full"));
        };
    }

    /** Records a point whose snapshot was released successfully. */
    public void record(String host, int vmid, String pointId, BackupLevel level) {
        write(dir(host, vmid).resolve("last"), pointId);
        if (level == BackupLevel.FULL) {
            write(dir(host, vmid).resolve("last-full"), pointId);
        }
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
