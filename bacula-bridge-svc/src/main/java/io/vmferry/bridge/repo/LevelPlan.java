package io.vmferry.bridge.repo;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The level a new point is stored at and what it builds on: the point the snapshot's tracked changes
 * start at ({@code since}, which QEMU's change tracking records). Without that point in this repository
 * (the previous backup went to another repository, was deleted, or did not finish), for a differential
 * when it is not a full, or when its chain cannot be restored (a missing link or stream, a disk it lacks),
 * the point is stored full and {@code levelReason} says why: an incremental on any other point would
 * miss changes.
 *
 * @param level       {@code full}, {@code incremental} or {@code differential}
 * @param levelReason why the level differs from the one asked for, or null
 * @param parent      the parent point id, null for full
 */
public record LevelPlan(String level, String levelReason, String parent) {

    /**
     * Plans a point of {@code vmKey} with {@code disks} for a snapshot at {@code snapshotLevel} whose changes start
     * at point {@code since}; a snapshot that was already upgraded to full keeps its own {@code snapshotReason}.
     */
    public static LevelPlan decide(LocalRepository repo, String vmKey, String snapshotLevel, String snapshotReason,
                                   String since, List<String> disks) {
        if (snapshotLevel.equals("full")) {
            return new LevelPlan("full", snapshotReason, null);
        }
        if (!Point.LEVELS.contains(snapshotLevel)) {
            throw new IllegalArgumentException("unknown level '" + snapshotLevel + "'");
        }
        boolean incremental = snapshotLevel.equals("incremental");
        List<Point> points = repo.points(vmKey);
        if (incremental ? points.isEmpty() : points.stream().noneMatch(Point::isFull)) {
            return upgraded(snapshotLevel, "no " + (incremental ? "earlier" : "full") + " point of " + vmKey
                    + " in the repository");
        }
        if (since == null) {
            return upgraded(snapshotLevel, "the snapshot does not name the point its changes start at");
        }
        Optional<Point> parent = points.stream().filter(p -> p.id().equals(since)).findFirst();
        if (parent.isEmpty()) {
            return upgraded(snapshotLevel, "the changes QEMU tracked start at point " + since + ", which this "
                    + "repository does not have (it was stored elsewhere, deleted, or its backup did not finish)");
        }
        if (!incremental && !parent.get().isFull()) {
            return upgraded(snapshotLevel, "the changes QEMU tracked start at the " + parent.get().level()
                    + " point " + since + ", not at a full");
        }
        String broken = brokenChain(repo, parent.get(), disks);
        if (broken != null) {
            return upgraded(snapshotLevel, broken);
        }
        return new LevelPlan(snapshotLevel, snapshotReason, since);
    }

    /** Why the chain of {@code parent} cannot carry {@code disks}, or null when it can. */
    private static String brokenChain(LocalRepository repo, Point parent, List<String> disks) {
        List<Point> chain;
        try {
            chain = repo.chain(parent.vm(), parent.id());
        } catch (RepositoryException e) {
            return e.getMessage();
        }
        for (Point p : chain) {
            for (String disk : disks) {
                if (p.disk(disk).isEmpty()) {
                    return "disk " + disk + " is not in point " + p.id();
                }
                if (!Files.isRegularFile(repo.streamFile(p, disk))) {
                    return "stream " + RepositoryLayout.streamName(p.id(), disk) + " of " + p.vm() + " is missing";
                }
            }
        }
        return null;
    }

    private static LevelPlan upgraded(String requested, String why) {
        return new LevelPlan("full", requested + " upgraded to full: " + why, null);
    }
}
