package io.vmferry.inventory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.pve.PveConfigException;
import io.vmferry.qemu.pve.PveDisk;
import io.vmferry.qemu.pve.PveStorageConfig;
import io.vmferry.qemu.pve.PveVmConfig;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code qemu} adapter (DESIGN §4): VMs are the {@code <vmid>.conf} files of the conf dir,
 * running when their QMP socket answers ({@code query-status}, {@code query-block}), otherwise
 * read from their image files ({@code qemu-img info}).
 */
public final class QemuInventory {
    private final Vertx vertx;
    private final HypervisorConfig cfg;

    public QemuInventory(Vertx vertx, HypervisorConfig cfg) {
        this.vertx = vertx;
        this.cfg = cfg;
    }

    /** Every VM of this node in VMID order; a broken config file fails the whole listing. */
    public Future<List<VmInfo>> list() {
        return vertx.executeBlocking(this::readConfigs, false).compose(configs -> {
            List<Future<VmInfo>> vms = new ArrayList<>();
            for (Loaded c : configs) {
                vms.add(describe(c));
            }
            return Future.all(vms).map(all -> all.<VmInfo>list());
        });
    }

    /** The VM {@code vmid} of this node, or empty when the node has none (a listing, so a broken config fails it). */
    public Future<Optional<VmInfo>> find(int vmid) {
        return list().map(vms -> vms.stream().filter(v -> v.vmid() == vmid).findFirst());
    }

    private record Loaded(PveVmConfig config, Path file, PveStorageConfig storage) {
    }

    private List<Loaded> readConfigs() throws IOException {
        if (!Files.isDirectory(cfg.confDir())) {
            throw new PveConfigException(cfg.confDir() + ": VM config directory does not exist");
        }
        PveStorageConfig storage = PveStorageConfig.read(cfg.storageCfg());
        List<Loaded> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(cfg.confDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d+\\.conf")).toList()) {
                out.add(new Loaded(PveVmConfig.read(f), f, storage));
            }
        }
        out.sort(Comparator.comparingInt(l -> l.config().vmid()));
        return out;
    }

    private Future<VmInfo> describe(Loaded l) {
        Path qmp = cfg.runDir().resolve(l.config().vmid() + ".qmp");
        boolean alive = ProcessLiveness.alive(cfg.runDir().resolve(l.config().vmid() + ".pid"));
        if (!Files.exists(qmp)) {
            return vertx.executeBlocking(() -> stopped(l), false);
        }
        return QmpClient.connect(vertx, qmp.toString(), QmpOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(3))
                        .withCallTimeout(Duration.ofSeconds(5)))
                .compose(client -> running(l, qmp, client).eventually(client::close))
                .recover(e -> vertx.executeBlocking(() -> alive
                        ? busy(l, qmp, "QMP busy or not answering: " + e.getMessage())
                        : stopped(l), false));
    }

    /** A running VM whose monitor is busy (QEMU serves one QMP client at a time): described from its files. */
    private VmInfo busy(Loaded l, Path qmp, String note) {
        List<DiskInfo> disks = new ArrayList<>();
        for (PveDisk d : l.config().dataDisks()) {
            DiskInfo f = fromFile(l, d, note);
            disks.add(new DiskInfo(f.name(), f.volume(), f.path(), f.format(), f.virtualSize(), "drive-" + d.name(),
                    null, f.note()));
        }
        return vm(l, "running", disks, qmp.toString());
    }

    private Future<VmInfo> running(Loaded l, Path qmp, QmpClient client) {
        return client.execute("query-status").compose(status -> client.query("query-block", null).map(blocks -> {
            Map<String, JsonObject> byDevice = new java.util.HashMap<>();
            for (Object o : blocks) {
                JsonObject b = (JsonObject) o;
                byDevice.put(b.getString("device", ""), b);
            }
            List<DiskInfo> disks = new ArrayList<>();
            for (PveDisk d : l.config().dataDisks()) {
                JsonObject b = byDevice.get("drive-" + d.name());
                JsonObject inserted = b == null ? null : b.getJsonObject("inserted");
                if (inserted == null) {
                    disks.add(fromFile(l, d, "not attached to the running VM as drive-" + d.name()));
                    continue;
                }
                JsonObject image = inserted.getJsonObject("image", new JsonObject());
                disks.add(new DiskInfo(d.name(), d.volume(), pathOf(l, d, inserted.getString("file")),
                        image.getString("format", d.format()), image.getLong("virtual-size", size(d)),
                        "drive-" + d.name(), inserted.getString("node-name"), null));
            }
            return vm(l, status.getString("status", "running"), disks, qmp.toString());
        }));
    }

    private VmInfo stopped(Loaded l) {
        List<DiskInfo> disks = new ArrayList<>();
        for (PveDisk d : l.config().dataDisks()) {
            disks.add(fromFile(l, d, null));
        }
        return vm(l, "stopped", disks, null);
    }

    private DiskInfo fromFile(Loaded l, PveDisk d, String note) {
        Path path;
        try {
            path = l.storage().resolve(d.volume(), l.config().vmid());
        } catch (PveConfigException e) {
            return new DiskInfo(d.name(), d.volume(), null, d.format(), size(d), null, null, e.getMessage());
        }
        try {
            QemuImg.Info info = QemuImg.info(path);
            return new DiskInfo(d.name(), d.volume(), path.toString(), info.format(), info.virtualSize(), null, null,
                    note);
        } catch (IOException e) {
            return new DiskInfo(d.name(), d.volume(), path.toString(), d.format(), size(d), null, null,
                    Files.exists(path) ? "qemu-img info failed: " + e.getMessage() : "image file missing");
        }
    }

    private static String pathOf(Loaded l, PveDisk d, String qemuFile) {
        try {
            return l.storage().resolve(d.volume(), l.config().vmid()).toString();
        } catch (PveConfigException e) {
            return qemuFile;
        }
    }

    private VmInfo vm(Loaded l, String state, List<DiskInfo> disks, String qmp) {
        PveVmConfig c = l.config();
        return new VmInfo(cfg.host() + "/" + c.vmid(), cfg.host(), c.vmid(), c.name(), state, c.cores(), c.sockets(),
                c.memoryMiB(), List.copyOf(disks), qmp, l.file().toString());
    }

    private static long size(PveDisk d) {
        return d.sizeBytes() == null ? 0 : d.sizeBytes();
    }

}
