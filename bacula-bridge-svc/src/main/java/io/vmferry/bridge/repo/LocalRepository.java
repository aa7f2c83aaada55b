package io.vmferry.bridge.repo;

import io.vmferry.bus.Json;
import io.vmferry.bus.service.MarkFiles;
import io.vmferry.bus.service.OwnerMark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A local repository of restore points (DESIGN §6): blocking, usable without the bus (the CLI's
 * {@code points} and {@code restore}). Reads go through {@code index.json}; {@link #commit} adds a
 * point atomically, one writer at a time. A VM is named by its key ({@code lab/101}) or by its vmid
 * alone ({@code 101}) when only one host has it. Every error is a {@link RepositoryException} with a
 * one-line message.
 */
public final class LocalRepository {
    /** The point id that names the newest point of a VM. */
    public static final String LATEST = "latest";
    private static final Comparator<Point> BY_TIME = Comparator.comparing(Point::time).thenComparing(Point::id);

    private final RepositoryLayout layout;

    private LocalRepository(Path root) {
        this.layout = new RepositoryLayout(root);
    }

    /** The repository at {@code root}; a directory that does not exist yet is an empty repository. */
    public static LocalRepository open(Path root) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new RepositoryException("repository " + root + " is not a directory");
        }
        return new LocalRepository(root);
    }

    /** The repository directory. */
    public Path root() {
        return layout.root();
    }

    /** Where the files of this repository live. */
    public RepositoryLayout layout() {
        return layout;
    }

    /** Every committed point of every VM, by VM, time and id. */
    public List<Point> allPoints() {
        return RepositoryIndex.read(layout.index()).points();
    }

    /** The points of {@code vm} (key or vmid), oldest first; empty when it has none. */
    public List<Point> points(String vm) {
        List<Point> all = allPoints();
        String key = resolveVm(vm, all);
        return all.stream().filter(p -> p.vm().equals(key)).sorted(BY_TIME).toList();
    }

    /** The newest point of {@code vm}, any level. */
    public Optional<Point> latest(String vm) {
        List<Point> points = points(vm);
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
    }

    /** The newest full point of {@code vm}. */
    public Optional<Point> latestFull(String vm) {
        return points(vm).stream().filter(Point::isFull).reduce((a, b) -> b);
    }

    /** The point {@code pointId} (or {@value #LATEST}) of {@code vm}. */
    public Point point(String vm, String pointId) {
        List<Point> points = points(vm);
        if (LATEST.equals(pointId)) {
            if (points.isEmpty()) {
                throw new RepositoryException("VM " + vm + " has no restore points in " + root());
            }
            return points.get(points.size() - 1);
        }
        return points.stream().filter(p -> p.id().equals(pointId)).findFirst()
                .orElseThrow(() -> new RepositoryException("point " + pointId + " of VM " + vm + " is not in "
                        + root()));
    }

    /**
     * The chain that rebuilds {@code pointId}: the point, its parent, ... down to a full, newest first.
     * A missing parent, a loop, a parent newer than its child or a differential not based on a full
     * is an error naming the broken link.
     */
    public List<Point> chain(String vm, String pointId) {
        Point point = point(vm, pointId);
        return chain(points(point.vm()), point);
    }

    /**
     * As {@link #chain(String, String)} for {@code point} among {@code points} (its VM's points, as {@link #points}
     * returned them): for callers that walk many chains of one index read.
     */
    public static List<Point> chain(List<Point> points, Point point) {
        List<Point> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Point p = point; p != null; ) {
            if (!seen.add(p.id())) {
                throw new RepositoryException("chain of " + point.vm() + " point " + point.id() + " loops at " + p.id());
            }
            chain.add(p);
            if (p.isFull()) {
                return List.copyOf(chain);
            }
            Point child = p;
            Point parent = points.stream().filter(q -> q.id().equals(child.parent())).findFirst()
                    .orElseThrow(() -> new RepositoryException("chain of " + point.vm() + " point " + point.id()
                            + " is broken: parent " + child.parent() + " of point " + child.id()
                            + " is not in the repository"));
            if (!parent.time().isBefore(child.time())) {
                throw new RepositoryException("chain of " + point.vm() + " point " + point.id() + " is broken: parent "
                        + parent.id() + " is not older than point " + child.id());
            }
            if (child.level().equals("differential") && !parent.isFull()) {
                throw new RepositoryException("chain of " + point.vm() + " point " + point.id() + " is broken: "
                        + "differential point " + child.id() + " has the " + parent.level() + " point " + parent.id()
                        + " as parent");
            }
            p = parent;
        }
        throw new IllegalStateException("unreachable");
    }

    /** The stream file of {@code disk} in {@code point}. */
    public Path streamFile(Point point, String disk) {
        return layout.streamFile(point.vm(), point.id(), disk);
    }

    /** The {@code point.json} of a point, read from its directory (the authority the index is built from). */
    public Point pointFile(String vmKey, String pointId) {
        Path file = layout.pointDir(vmKey, pointId).resolve(RepositoryLayout.POINT_FILE);
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), Point.class);
        } catch (NoSuchFileException e) {
            throw new RepositoryException("point " + pointId + " of " + vmKey + " is missing its "
                    + RepositoryLayout.POINT_FILE, e);
        } catch (IOException e) {
            throw new RepositoryException("cannot read " + file + ": " + Json.firstLine(e.getMessage()), e);
        }
    }

    /** The last read-back check of {@code point}, if it had one (an unreadable record counts as none). */
    public Optional<Verification> verification(Point point) {
        try {
            return MarkFiles.read(layout.pointDir(point.vm(), point.id()).resolve(RepositoryLayout.VERIFIED_FILE),
                    Verification.class);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Records the outcome of a read-back check of {@code point} (atomically, over the previous one). Never creates
     * the point's directory: a point pruned meanwhile fails with {@code NoSuchFileException} instead of coming back
     * as a directory holding only this record.
     */
    public void recordVerification(Point point, Verification verification) throws IOException {
        AtomicFiles.write(layout.pointDir(point.vm(), point.id()).resolve(RepositoryLayout.VERIFIED_FILE),
                Json.MAPPER.writeValueAsBytes(verification));
    }

    /** The VM config stored with {@code point}, or null when none was stored. */
    public String vmConfig(Point point) {
        Path file = layout.pointDir(point.vm(), point.id()).resolve(RepositoryLayout.CONFIG_FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RepositoryException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits a point whose streams are already in place: writes {@code vm.conf} (unless null) and
     * {@code point.json}, then adds the point to the index atomically. Refuses a point id the VM
     * already has, or a disk whose stream file is missing.
     */
    public void commit(Point point, String vmConfig) throws IOException {
        Path dir = layout.pointDir(point.vm(), point.id());
        for (PointDisk d : point.disks()) {
            if (!Files.isRegularFile(layout.streamFile(point.vm(), point.id(), d.name()))) {
                throw new RepositoryException("cannot commit point " + point.id() + " of " + point.vm() + ": stream "
                        + RepositoryLayout.streamName(point.id(), d.name()) + " is missing");
            }
        }
        if (vmConfig != null) {
            AtomicFiles.write(dir.resolve(RepositoryLayout.CONFIG_FILE), vmConfig.getBytes(StandardCharsets.UTF_8));
        }
        AtomicFiles.write(dir.resolve(RepositoryLayout.POINT_FILE),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(point));
        RepositoryLock.withLock(layout, () -> {
            RepositoryIndex index = RepositoryIndex.read(layout.index());
            if (index.points().stream().anyMatch(p -> p.vm().equals(point.vm()) && p.id().equals(point.id()))) {
                throw new RepositoryException("point " + point.id() + " of " + point.vm() + " is already in the index");
            }
            index.plus(point).write(layout.index());
            return null;
        });
        Files.deleteIfExists(dir.resolve(RepositoryLayout.RECEIVER_FILE));
    }

    /**
     * Holds {@code points} against removal until the hold is closed: a {@link #remove} leaves them and reports them
     * in use. Waits while a prune is removing one of them, and fails (holding nothing) when one of them was removed
     * before it could be held, i.e. after the caller read the index.
     */
    public PointHold hold(List<Point> points) throws IOException {
        PointHold hold = new PointHold(PointLocks.of(layout));
        try {
            for (Point p : points) {
                hold.add(p);
            }
            for (Point p : points) {
                // a prune marks a directory before the index drops it: an unmarked one is still in the index
                Path dir = layout.pointDir(p.vm(), p.id());
                boolean there = Files.isDirectory(dir) && !Files.exists(dir.resolve(RepositoryLayout.PRUNED_FILE));
                if (!there && !contains(p.vm(), p.id())) {
                    throw new RepositoryException("point " + p.id() + " of " + p.vm() + " was pruned just now");
                }
            }
            return hold;
        } catch (IOException | RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /**
     * Removes committed points that nobody {@link #hold holds} and returns them; a held point stays as it is.
     * Each directory is marked {@link RepositoryLayout#PRUNED_FILE} first, then the index drops them in one atomic
     * rewrite (under the lock), then the directories go. A prune interrupted after the rewrite leaves marked
     * directories outside the index, which the next call deletes first.
     */
    public List<Point> remove(List<Point> candidates) throws IOException {
        Set<String> indexed = new HashSet<>();
        allPoints().forEach(p -> indexed.add(p.vm() + "/" + p.id()));
        for (PointDir d : pointDirectories()) {
            boolean leftover = !indexed.contains(d.vmKey() + "/" + d.id());
            if (leftover && Files.exists(d.dir().resolve(RepositoryLayout.PRUNED_FILE))) {
                AtomicFiles.deleteTree(d.dir());
            }
        }
        PointLocks locks = PointLocks.of(layout);
        List<Point> points = new ArrayList<>();
        try {
            for (Point p : candidates) {
                if (locks.tryRemove(p)) {
                    points.add(p);
                }
            }
            removeHeld(points);
        } finally {
            for (Point p : points) {
                locks.endRemove(p);
            }
        }
        return List.copyOf(points);
    }

    private void removeHeld(List<Point> points) throws IOException {
        if (points.isEmpty()) {
            return;
        }
        for (Point p : points) {
            Path dir = layout.pointDir(p.vm(), p.id());
            if (Files.isDirectory(dir)) { // a point whose directory is already gone only leaves the index
                AtomicFiles.write(dir.resolve(RepositoryLayout.PRUNED_FILE), new byte[0]);
            }
        }
        Set<String> gone = new HashSet<>();
        points.forEach(p -> gone.add(p.vm() + "/" + p.id()));
        RepositoryLock.withLock(layout, () -> {
            RepositoryIndex index = RepositoryIndex.read(layout.index());
            new RepositoryIndex(RepositoryIndex.VERSION, index.points().stream()
                    .filter(p -> !gone.contains(p.vm() + "/" + p.id())).toList()).write(layout.index());
            return null;
        });
        for (Point p : points) {
            AtomicFiles.deleteTree(layout.pointDir(p.vm(), p.id()));
        }
    }

    /** A point directory on disk, committed or not: {@code <host>/<vmid>/<id>}. */
    private record PointDir(String vmKey, String id, Path dir) {
    }

    private List<PointDir> pointDirectories() throws IOException {
        List<PointDir> dirs = new ArrayList<>();
        if (Files.isDirectory(layout.root())) {
            for (Path hostDir : subdirectories(layout.root())) {
                for (Path vmDir : subdirectories(hostDir)) {
                    String vmKey = hostDir.getFileName() + "/" + vmDir.getFileName();
                    for (Path dir : subdirectories(vmDir)) {
                        dirs.add(new PointDir(vmKey, dir.getFileName().toString(), dir));
                    }
                }
            }
        }
        return dirs;
    }

    /** A point directory {@link #removeAbandoned} deleted. */
    public record Abandoned(String vmKey, String pointId, long bytes, long receiverPid) {
    }

    /**
     * Deletes the directories of points that were being received by a process that died before committing them (kill
     * -9, the OOM killer, power loss): not in the index, with a {@link RepositoryLayout#RECEIVER_FILE} naming a
     * process that is gone. Points a live process receives, directories without a mark, and a point whose
     * {@code point.json} was written (complete; only its index entry is missing) are left alone.
     */
    public List<Abandoned> removeAbandoned() throws IOException {
        List<Abandoned> removed = new ArrayList<>();
        Set<String> committed = new HashSet<>();
        allPoints().forEach(p -> committed.add(p.vm() + "/" + p.id()));
        for (PointDir d : pointDirectories()) {
            String vmKey = d.vmKey();
            String id = d.id();
            Path pointDir = d.dir();
            if (committed.contains(vmKey + "/" + id) || Files.exists(pointDir.resolve(RepositoryLayout.POINT_FILE))) {
                continue; // committed, or complete with only its index entry missing: never removed
            }
            Optional<OwnerMark> receiver = MarkFiles.read(pointDir.resolve(RepositoryLayout.RECEIVER_FILE),
                    OwnerMark.class);
            if (receiver.isEmpty() || receiver.get().alive()) {
                continue;
            }
            long bytes = treeSize(pointDir);
            AtomicFiles.deleteTree(pointDir);
            removed.add(new Abandoned(vmKey, id, bytes, receiver.get().pid()));
        }
        return removed;
    }

    private static long treeSize(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** True when the index has point {@code pointId} of {@code vmKey}. */
    public boolean contains(String vmKey, String pointId) {
        return allPoints().stream().anyMatch(p -> p.vm().equals(vmKey) && p.id().equals(pointId));
    }

    /** The VM key {@code vm} stands for: itself when it has a slash, else the one host that has that vmid. */
    private String resolveVm(String vm, List<Point> all) {
        if (vm == null || vm.isBlank()) {
            throw new RepositoryException("no VM given");
        }
        if (vm.contains("/")) {
            try {
                RepositoryLayout.requireVmKey(vm);
            } catch (IllegalArgumentException e) {
                throw new RepositoryException(e.getMessage());
            }
            return vm;
        }
        List<String> keys = all.stream().map(Point::vm).filter(k -> k.endsWith("/" + vm)).distinct().toList();
        if (keys.size() > 1) {
            throw new RepositoryException("VM " + vm + " is on several hosts in " + root() + " (" + String.join(", ", keys)
                    + "): name it as host/vmid");
        }
        return keys.isEmpty() ? "-/" + vm : keys.get(0);
    }
}
