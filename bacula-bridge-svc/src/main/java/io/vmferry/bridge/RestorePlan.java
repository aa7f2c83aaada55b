package io.vmferry.bridge;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RestoreException;
import io.vmferry.bridge.repo.RestoreProgress;
import io.vmferry.bridge.repo.RestoreResult;
import io.vmferry.bridge.repo.Restorer;
import io.vmferry.bus.IoMessages;
import io.vmferry.bus.events.RestoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A restore job's plan, checked before the job is accepted: the point (a {@code latest} resolved now, so every disk
 * comes from the same point however many backups land meanwhile), its disks, and the images to write, new files
 * {@code vm-<vmid>-<disk>.<format>} in a directory that lies, symbolic links resolved, inside one of the bridge's
 * {@code repository.restore-dirs}: whoever may publish jobs does not get to write files anywhere the bridge can.
 * {@code vmferry restore} without {@code --disk} uses the same plan with any directory ({@link #anywhere}).
 */
public record RestorePlan(Point point, List<String> disks, Path dir, String format) {

    /** The plan of a request for {@code selection} (one VM); every problem is a one-line exception. */
    static RestorePlan of(LocalRepository repo, List<Path> restoreDirs, String selection, RestoreOptions what) {
        if (what == null) {
            throw new IllegalArgumentException("needs what to restore ('restore': toDir, and optionally point, disk,"
                    + " format)");
        }
        if (restoreDirs.isEmpty()) {
            throw new IllegalArgumentException("restore jobs are off on this bridge: repository.restore-dirs names "
                    + "no directory to write into");
        }
        if (selection == null || selection.isBlank() || selection.contains("*") || selection.contains(",")) {
            throw new IllegalArgumentException("needs one VM (a VMID or VM key) as the selection, not '" + selection
                    + "'");
        }
        if (!what.format().equals("raw") && !what.format().equals("qcow2")) {
            throw new IllegalArgumentException("format must be raw or qcow2, not '" + what.format() + "'");
        }
        return plan(repo, selection, what, allowedDir(restoreDirs, what.toDir()));
    }

    /**
     * The plan of {@code vmferry restore} without {@code --disk}: every disk (or {@code what.disk()}) of the point
     * into {@code what.toDir()}, which must be an existing directory, anywhere.
     */
    public static RestorePlan anywhere(LocalRepository repo, String vm, RestoreOptions what) {
        return plan(repo, vm, what, existingDir(what.toDir(), what.toDir()));
    }

    private static RestorePlan plan(LocalRepository repo, String selection, RestoreOptions what, Path dir) {
        Point point = repo.point(selection, what.point());
        if (what.disk() != null && point.disk(what.disk()).isEmpty()) {
            throw new RepositoryException("point " + point.id() + " of " + point.vm() + " has no disk " + what.disk()
                    + " (disks: " + String.join(", ", point.diskNames()) + ")");
        }
        RestorePlan plan = new RestorePlan(point, what.disk() == null ? point.diskNames() : List.of(what.disk()), dir,
                what.format());
        for (String disk : plan.disks()) {
            if (Files.exists(plan.target(disk))) {
                throw new IllegalArgumentException(plan.target(disk) + " already exists");
            }
        }
        return plan;
    }

    /** The real path of {@code toDir}, which must be an existing directory inside one of {@code restoreDirs}. */
    private static Path allowedDir(List<Path> restoreDirs, String toDir) {
        if (toDir == null || !Path.of(toDir).isAbsolute()) {
            throw new IllegalArgumentException("toDir must be an absolute directory path, not '" + toDir + "'");
        }
        Path dir = existingDir("toDir " + toDir, toDir);
        for (Path allowed : restoreDirs) {
            try {
                if (dir.startsWith(allowed.toRealPath())) {
                    return dir;
                }
            } catch (IOException e) {
                // a configured directory that does not exist allows nothing
            }
        }
        throw new IllegalArgumentException("toDir " + toDir + " is not inside repository.restore-dirs ("
                + restoreDirs.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Rebuilds the plan's disks one after the other, {@code progress} per disk; when one fails, the images already
     * written are removed again and its {@link RestoreException} is thrown: a failed plan leaves nothing behind.
     */
    public List<RestoreResult> run(LocalRepository repo, Function<String, RestoreProgress> progress)
            throws IOException {
        List<RestoreResult> done = new ArrayList<>();
        try {
            for (String disk : disks) {
                done.add(new Restorer().restore(repo, point.vm(), disk, point.id(), target(disk), format,
                        progress.apply(disk)));
            }
            return done;
        } catch (RuntimeException e) {
            for (RestoreResult r : done) {
                Files.deleteIfExists(r.target());
            }
            throw e;
        }
    }

    /** The real path of the existing directory {@code dir}; {@code what} names it in the error. */
    private static Path existingDir(String what, String dir) {
        Path real;
        try {
            real = Path.of(dir).toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + IoMessages.of(e));
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException(what + " is not a directory");
        }
        return real;
    }

    /** The image {@code disk} is written to. */
    public Path target(String disk) {
        return dir.resolve("vm-" + point.vmid() + "-" + disk + "." + format);
    }
}
