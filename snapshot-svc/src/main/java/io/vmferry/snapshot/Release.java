package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.qemu.qmp.BlockExport;
import io.vmferry.qemu.qmp.BlockNode;
import io.vmferry.qemu.qmp.QmpAction;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import io.vmferry.qemu.qmp.QmpJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes everything a snapshot put into QEMU, in the proven order (qemu-cbt note §4.6): exports,
 * fleecing jobs, fleecing nodes and overlay files, then the frozen bitmaps — merged back into the
 * live ones on failure so the next incremental still holds every changed block. Works from what
 * QEMU reports, so it also cleans the leftovers of an interrupted run. Each step is attempted even
 * when an earlier one failed; the failures are returned.
 */
final class Release {
    private static final Logger LOGGER = LoggerFactory.getLogger(Release.class);
    private static final Duration GONE = Duration.ofSeconds(30);

    private Release() {
    }

    /**
     * @param mergeBack    merge frozen bitmaps back into the live ones (failure), else drop them (success)
     * @param checkpoint   the snapshot released, or null for the leftovers of an unknown run (then {@code mergeBack})
     * @param createdLive  live bitmaps created by a failed snapshot, removed when {@code mergeBack}
     */
    static List<String> run(QmpCommands qmp, List<String> diskNames, String destination, boolean mergeBack,
                            String checkpoint, Set<String> createdLive, List<Path> overlays) {
        List<String> errors = detach(qmp, diskNames, overlays);
        attempt(errors, mergeBack ? "merge frozen bitmaps back" : "drop frozen bitmaps",
                () -> bitmaps(qmp, destination, mergeBack, checkpoint, createdLive));
        attempt(errors, "stop idle NBD server", () -> {
            if (Blocking.await(qmp.queryBlockExports()).isEmpty()) {
                Blocking.await(qmp.nbdServerStop().recover(x -> qmpGone(x)));
            }
        });
        return errors;
    }

    /**
     * The first steps of a release, which end the snapshot's effect on the VM (guest writes are no longer copied)
     * and free the fleece directory: exports, fleecing jobs, fleecing nodes, overlay files. Returns the failures.
     */
    static List<String> detach(QmpCommands qmp, List<String> diskNames, List<Path> overlays) {
        List<String> errors = new ArrayList<>();
        attempt(errors, "delete exports", () -> {
            for (BlockExport e : Blocking.await(qmp.queryBlockExports())) {
                if (e.id().startsWith(Names.PREFIX + "export-") && diskNames.stream()
                        .anyMatch(d -> e.id().equals(Names.exportId(d)))) {
                    Blocking.await(qmp.blockExportDel(e.id(), true).recover(x -> qmpGone(x)));
                    Blocking.await(qmp.waitExportGone(e.id(), GONE));
                }
            }
        });
        attempt(errors, "cancel fleecing jobs", () -> {
            for (QmpJob j : Blocking.await(qmp.queryJobs())) {
                if (diskNames.stream().anyMatch(d -> j.id().equals(Names.fleeceJob(d)))) {
                    Blocking.await(qmp.blockJobCancel(j.id()).recover(x -> qmpGone(x)));
                    Blocking.await(qmp.waitJobGone(j.id(), GONE));
                }
            }
        });
        attempt(errors, "delete fleecing nodes", () -> {
            for (BlockNode n : Blocking.await(qmp.queryNamedBlockNodes())) {
                if (diskNames.stream().anyMatch(d -> Names.fleeceNode(d).equals(n.nodeName()))) {
                    Blocking.await(qmp.blockdevDel(n.nodeName()));
                }
            }
        });
        attempt(errors, "delete overlay files", () -> {
            for (Path p : overlays) {
                Files.deleteIfExists(p);
            }
        });
        return errors;
    }

    /**
     * Frozen copies are dropped (success) or merged back into their live bitmap (failure, or leftovers of a run that
     * ended without releasing), and the base labels follow: a merged-back copy undoes the reset it was taken for, so
     * that reset's label goes; on success the labels this snapshot superseded go. Labels of a removed live go too.
     */
    private static void bitmaps(QmpCommands qmp, String destination, boolean mergeBack, String checkpoint,
                                Set<String> createdLive) throws Exception {
        for (BlockNode n : Blocking.await(qmp.queryNamedBlockNodes())) {
            List<BitmapName> names = ours(n, destination);
            Set<String> gone = new HashSet<>();
            for (BitmapName f : names) {
                if (f.role() != BitmapName.Role.FROZEN) {
                    continue;
                }
                if (mergeBack) {
                    boolean liveUsable = n.bitmap(f.live()).map(l -> !l.inconsistent()).orElse(false)
                            && !createdLive.contains(n.nodeName() + "/" + f.live());
                    if (liveUsable) {
                        Blocking.await(qmp.bitmapMerge(n.nodeName(), f.live(), List.of(f.name())));
                    }
                    String label = Names.since(f.live(), f.checkpoint());
                    if (names.stream().anyMatch(b -> b.name().equals(label))) {
                        remove(qmp, n, label, gone);
                    }
                }
                remove(qmp, n, f.name(), gone);
            }
            for (BitmapName b : names) {
                if (b.role() == BitmapName.Role.LIVE && mergeBack
                        && createdLive.contains(n.nodeName() + "/" + b.live())) {
                    remove(qmp, n, b.name(), gone);
                }
            }
            for (BitmapName l : names) {
                if (l.role() != BitmapName.Role.SINCE || gone.contains(l.name())) {
                    continue;
                }
                boolean liveGone = gone.contains(l.live()) || n.bitmap(l.live()).isEmpty();
                boolean undone = mergeBack && l.checkpoint().equals(checkpoint);
                boolean superseded = !mergeBack && !l.checkpoint().equals(checkpoint) && names.stream()
                        .anyMatch(b -> b.name().equals(Names.since(l.live(), checkpoint)));
                if (liveGone || undone || superseded) {
                    remove(qmp, n, l.name(), gone);
                }
            }
        }
    }

    /**
     * The differential tracking restarts at {@code checkpoint} on {@code nodes} (a point stored as a full from a
     * snapshot that reset only the incremental tracking): it becomes a copy of the incremental bitmap, which has
     * recorded every write since that snapshot, labelled in the same transaction; then its older labels go.
     */
    static List<String> restartDiff(QmpCommands qmp, List<String> nodes, String destination, String checkpoint) {
        List<String> errors = new ArrayList<>();
        String inc = Names.incBitmap(destination);
        String diff = Names.diffBitmap(destination);
        attempt(errors, "restart the differential tracking", () -> {
            for (BlockNode n : Blocking.await(qmp.queryNamedBlockNodes())) {
                if (!nodes.contains(n.nodeName()) || n.bitmap(inc).isEmpty() || n.bitmap(diff).isEmpty()) {
                    continue;
                }
                String label = Names.since(diff, checkpoint);
                boolean persistent = n.bitmap(diff).get().persistent(); // in memory only: memory-tracking
                Blocking.await(qmp.transaction(QmpAction.bitmapClear(n.nodeName(), diff),
                        QmpAction.bitmapMerge(n.nodeName(), diff, List.of(inc)),
                        QmpAction.bitmapAdd(n.nodeName(), label, Names.LABEL_GRANULARITY, persistent, true)));
                Set<String> gone = new HashSet<>();
                for (BitmapName b : ours(n, destination)) {
                    if (b.role() == BitmapName.Role.SINCE && b.live().equals(diff) && !b.name().equals(label)) {
                        remove(qmp, n, b.name(), gone);
                    }
                }
            }
        });
        return errors;
    }

    /** Removes every bitmap of {@code destination}'s change tracking from {@code node}: live, copies and labels. */
    static void dropTracking(QmpCommands qmp, String node, String destination) throws Exception {
        for (BlockNode n : Blocking.await(qmp.queryNamedBlockNodes())) {
            if (node.equals(n.nodeName())) {
                Set<String> gone = new HashSet<>();
                for (BitmapName b : ours(n, destination)) {
                    remove(qmp, n, b.name(), gone);
                }
            }
        }
    }

    private static List<BitmapName> ours(BlockNode n, String destination) {
        return n.dirtyBitmaps().stream().map(b -> BitmapName.parse(destination, b.name()))
                .flatMap(Optional::stream).toList();
    }

    private static void remove(QmpCommands qmp, BlockNode n, String name, Set<String> gone) throws Exception {
        Blocking.await(qmp.bitmapRemove(n.nodeName(), name));
        gone.add(name);
    }

    /**
     * A QMP connection to the VM behind {@code socket}, or null when no QEMU listens there any more (the VM stopped or
     * QEMU was killed, which leaves its socket file): then nothing of a snapshot is left in QEMU, only its files.
     */
    static QmpClient connect(Vertx vertx, Path socket) throws Exception {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            return Blocking.await(QmpClient.connect(vertx, socket.toString()));
        } catch (Exception e) {
            String m = Quiescer.message(e);
            if (m.contains("Connection refused") || m.contains("No such file")) {
                return null;
            }
            throw e;
        }
    }

    /** What a snapshot leaves outside QEMU once QEMU has ended: the overlay files and the NBD server's socket. */
    static void removeFiles(Path vmDir, List<Path> overlays) throws IOException {
        for (Path p : overlays) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(vmDir.resolve(FleeceSession.NBD_SOCKET));
    }

    /** "not found" style errors mean the object is already gone. */
    private static io.vertx.core.Future<Void> qmpGone(Throwable x) {
        String m = String.valueOf(x.getMessage());
        if (m.contains("not found") || m.contains("No active block job") || m.contains("not running")) {
            return io.vertx.core.Future.succeededFuture();
        }
        return io.vertx.core.Future.failedFuture(x);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void attempt(List<String> errors, String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            String msg = what + ": " + Quiescer.message(e);
            LOGGER.error("release: {}", msg);
            errors.add(msg);
        }
    }
}
