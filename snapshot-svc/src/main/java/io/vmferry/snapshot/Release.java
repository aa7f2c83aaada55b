package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.qemu.qmp.BlockExport;
import io.vmferry.qemu.qmp.BlockNode;
import io.vmferry.qemu.qmp.DirtyBitmap;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import io.vmferry.qemu.qmp.QmpJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
     * @param createdLive  live bitmaps created by a failed snapshot, removed when {@code mergeBack}
     */
    static List<String> run(QmpCommands qmp, List<String> diskNames, String destination, boolean mergeBack,
                            Set<String> createdLive, List<Path> overlays) {
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
        attempt(errors, mergeBack ? "merge frozen bitmaps back" : "drop frozen bitmaps",
                () -> bitmaps(qmp, destination, mergeBack, createdLive));
        attempt(errors, "stop idle NBD server", () -> {
            if (Blocking.await(qmp.queryBlockExports()).isEmpty()) {
                Blocking.await(qmp.nbdServerStop().recover(x -> qmpGone(x)));
            }
        });
        return errors;
    }

    private static void bitmaps(QmpCommands qmp, String destination, boolean mergeBack, Set<String> createdLive)
            throws Exception {
        String inc = Names.incBitmap(destination);
        String diff = Names.diffBitmap(destination);
        for (BlockNode n : Blocking.await(qmp.queryNamedBlockNodes())) {
            for (DirtyBitmap b : n.dirtyBitmaps()) {
                String name = b.name();
                if (name == null) {
                    continue;
                }
                String live = name.startsWith(inc + "-") ? inc : name.startsWith(diff + "-") ? diff : null;
                if (live == null) {
                    continue;
                }
                boolean liveUsable = n.bitmap(live).map(l -> !l.inconsistent()).orElse(false)
                        && !createdLive.contains(n.nodeName() + "/" + live);
                if (mergeBack && liveUsable) {
                    Blocking.await(qmp.bitmapMerge(n.nodeName(), live, List.of(name)));
                }
                Blocking.await(qmp.bitmapRemove(n.nodeName(), name));
            }
            if (mergeBack) {
                for (String live : List.of(inc, diff)) {
                    if (createdLive.contains(n.nodeName() + "/" + live) && n.bitmap(live).isPresent()) {
                        Blocking.await(qmp.bitmapRemove(n.nodeName(), live));
                    }
                }
            }
        }
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
