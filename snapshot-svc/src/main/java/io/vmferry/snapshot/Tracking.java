package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.qmp.BlockInfo;
import io.vmferry.qemu.qmp.BlockNode;
import io.vmferry.qemu.qmp.DirtyBitmap;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Removes vmferry's change tracking from a VM's disks: every bitmap it made, for every destination (tracking bitmaps,
 * their labels, frozen copies). QEMU reverts a qcow2 internal snapshot ({@code qm rollback}, {@code qemu-img snapshot
 * -a}, {@code loadvm}) only when the image has no dirty bitmap at all ("Device has active dirty bitmaps"), and after
 * such a revert the tracked changes would be wrong anyway: the next backup of each destination is a full. Blocking:
 * call from a worker or virtual thread.
 */
public final class Tracking {
    private Tracking() {
    }

    /**
     * What was removed from one disk.
     *
     * @param removed vmferry's bitmaps removed
     * @param foreign other bitmaps the image still has (they block a snapshot revert too)
     */
    public record Removed(String disk, List<String> removed, List<String> foreign) {
    }

    /**
     * Removes the change tracking of {@code vm}: through QMP when it runs, with {@code qemu-img bitmap} when it is
     * stopped. Refused while a backup holds a snapshot of the VM; the snapshots of killed runs are released first.
     *
     * @throws Exception when the VM cannot be reached or a backup holds it (the message says why)
     */
    public static List<Removed> drop(Vertx vertx, HypervisorConfig hv, VmInfo vm) throws Exception {
        OrphanSweep.run(vertx, hv);
        Optional<HolderFile> holder = HolderFile.read(hv.fleeceDir().resolve(Integer.toString(vm.vmid())));
        if (holder.isPresent()) {
            throw new IllegalStateException("a backup holds snapshot " + holder.get().checkpoint() + " of VM "
                    + vm.key() + " (process " + holder.get().owner().pid() + "): try again once it has ended");
        }
        return vm.running() ? online(vertx, vm) : offline(vm);
    }

    private static List<Removed> online(Vertx vertx, VmInfo vm) throws Exception {
        QmpClient client = Blocking.await(QmpClient.connect(vertx, vm.qmp()));
        try {
            QmpCommands qmp = new QmpCommands(client);
            Map<String, String> nodeOf = Blocking.await(qmp.queryBlock()).stream()
                    .filter(b -> b.inserted() && b.nodeName() != null)
                    .collect(Collectors.toMap(BlockInfo::device, BlockInfo::nodeName, (a, b) -> a));
            Map<String, BlockNode> nodes = Blocking.await(qmp.queryNamedBlockNodes()).stream()
                    .filter(n -> n.nodeName() != null)
                    .collect(Collectors.toMap(BlockNode::nodeName, Function.identity(), (a, b) -> a));
            List<Removed> out = new ArrayList<>();
            for (DiskInfo d : vm.disks()) {
                BlockNode n = nodes.get(nodeOf.get("drive-" + d.name()));
                List<String> names = n == null ? List.of()
                        : n.dirtyBitmaps().stream().map(DirtyBitmap::name).filter(x -> x != null).toList();
                out.add(remove(d.name(), names, name -> Blocking.await(qmp.bitmapRemove(n.nodeName(), name))));
            }
            return out;
        } finally {
            client.close();
        }
    }

    private static List<Removed> offline(VmInfo vm) throws Exception {
        List<Removed> out = new ArrayList<>();
        for (DiskInfo d : vm.disks()) {
            if (d.path() == null || !"qcow2".equals(d.format())) {
                out.add(new Removed(d.name(), List.of(), List.of()));
                continue;
            }
            List<String> names = ImageTracking.bitmaps(ImageTracking.formatData(QemuImg.info(Path.of(d.path()))))
                    .stream().map(DiskTracking.Bitmap::name).toList();
            out.add(remove(d.name(), names, name -> QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2",
                    "--remove", d.path(), name))));
        }
        return out;
    }

    private interface Remover {
        void remove(String bitmap) throws Exception;
    }

    /** Removes vmferry's bitmaps among {@code names} of {@code disk} with {@code remover}; names the others. */
    private static Removed remove(String disk, List<String> names, Remover remover) throws Exception {
        List<String> ours = names.stream().filter(x -> x.startsWith(Names.PREFIX)).toList();
        for (String name : ours) {
            remover.remove(name);
        }
        return new Removed(disk, ours, names.stream().filter(x -> !ours.contains(x)).toList());
    }
}
