package io.vmferry.snapshot;

import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.qmp.BlockNode;
import io.vmferry.qemu.qmp.QmpAction;
import io.vmferry.qemu.qmp.QmpCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The change tracking of a running VM's snapshot at one checkpoint: reads each disk's tracking bitmaps from QEMU and
 * adds the bitmap actions of the snapshot's atomic transaction — freeze a copy, reset, label the new starting point,
 * or create the bitmaps a disk lacks. The frozen copies are persistent: a QEMU that quits while the snapshot is held
 * stores them with the reset live bitmaps, and the next snapshot merges them back (a copy the transaction could lose
 * would lose the changes made before this snapshot). With {@code hypervisor.memory-tracking}, a disk whose image
 * cannot keep persistent bitmaps (raw, qcow2 v2) gets the same bitmaps in QEMU's memory: exact while QEMU runs,
 * gone when it stops (the next backup is then a full, saying so).
 */
final class LiveTracking {
    private final String destination;
    private final String checkpoint;
    private final boolean memoryTracking;
    private final Set<String> createdLive = new HashSet<>();

    LiveTracking(String destination, String checkpoint, boolean memoryTracking) {
        this.destination = destination;
        this.checkpoint = checkpoint;
        this.memoryTracking = memoryTracking;
    }

    /** Each disk's tracking as QEMU reports it ({@code query-named-block-nodes}). */
    List<DiskTracking> read(QmpCommands qmp, List<QemuDisk> disks) throws Exception {
        Map<String, BlockNode> nodes = Blocking.await(qmp.queryNamedBlockNodes()).stream()
                .filter(n -> n.nodeName() != null)
                .collect(Collectors.toMap(BlockNode::nodeName, Function.identity(), (a, b) -> a));
        List<DiskTracking> out = new ArrayList<>();
        for (QemuDisk d : disks) {
            String why = persistenceProblem(d);
            if (why != null && !memoryTracking) {
                out.add(DiskTracking.incapable(d.disk(), why));
                continue;
            }
            BlockNode n = nodes.get(d.node());
            List<DiskTracking.Bitmap> bitmaps = n == null ? List.of() : n.dirtyBitmaps().stream()
                    .map(b -> new DiskTracking.Bitmap(b.name(), !b.inconsistent(), b.recording())).toList();
            out.add(DiskTracking.of(d.disk(), destination, bitmaps, why));
        }
        return out;
    }

    /**
     * Adds disk {@code d}'s bitmap actions for a snapshot at {@code level} to {@code actions}; inconsistent tracking
     * (QEMU was killed) is removed first and created anew.
     */
    void addActions(List<QmpAction> actions, QmpCommands qmp, QemuDisk d, DiskTracking t, String level)
            throws Exception {
        if (!t.tracked()) {
            return;
        }
        if (t.inconsistent()) {
            Release.dropTracking(qmp, d.node(), destination);
        }
        boolean persistent = !t.memoryOnly();
        track(actions, d, Names.incBitmap(destination), t.hasInc() && !t.inconsistent(), true, persistent);
        track(actions, d, Names.diffBitmap(destination), t.hasDiff() && !t.inconsistent(), level.equals("full"),
                persistent);
    }

    /** Live bitmaps the transaction creates ({@code node/name}): a failed snapshot removes them again. */
    Set<String> createdLive() {
        return createdLive;
    }

    private void track(List<QmpAction> actions, QemuDisk d, String live, boolean exists, boolean reset,
                       boolean persistent) {
        if (exists) {
            String frozen = Names.frozen(live, checkpoint);
            actions.add(QmpAction.bitmapAdd(d.node(), frozen, FleeceSession.GRANULARITY, persistent, true));
            actions.add(QmpAction.bitmapMerge(d.node(), frozen, List.of(live)));
            if (!reset) {
                return;
            }
            actions.add(QmpAction.bitmapClear(d.node(), live));
        } else {
            actions.add(QmpAction.bitmapAdd(d.node(), live, FleeceSession.GRANULARITY, persistent, false));
            createdLive.add(d.node() + "/" + live);
        }
        actions.add(QmpAction.bitmapAdd(d.node(), Names.since(live, checkpoint), Names.LABEL_GRANULARITY, persistent,
                true));
    }

    /** Why {@code d} cannot store persistent bitmaps, or null when it can (qcow2 v3). */
    private static String persistenceProblem(QemuDisk d) {
        JsonObject data = new JsonObject();
        if ("qcow2".equals(d.format())) {
            try {
                data = ImageTracking.formatData(QemuImg.info(Path.of(d.file())));
            } catch (IOException e) {
                // unreadable header: let QEMU's own bitmap-add decide
            }
        }
        return ImageTracking.persistenceProblem(d.format(), data);
    }
}
