package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.qmp.BitmapRef;
import io.vmferry.qemu.qmp.BlockInfo;
import io.vmferry.qemu.qmp.QmpAction;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A point-in-time snapshot of a running VM (qemu-cbt note §4): quiesce, one atomic transaction
 * that freezes the bitmap copies and starts fleecing every disk, thaw, NBD export of each
 * fleecing node with its frozen bitmap; {@link #release} undoes it all. Blocking: run it on a
 * virtual thread. A QMP connection is held only during each step (Proxmox needs the socket too).
 */
final class FleeceSession implements Snapshot {
    private static final Logger LOGGER = LoggerFactory.getLogger(FleeceSession.class);
    static final long GRANULARITY = 65536;
    /** QEMU's NBD server socket, in the VM's fleece directory. */
    static final String NBD_SOCKET = "nbd.sock";

    private final Vertx vertx;
    private final HypervisorConfig hv;
    private final VmInfo vm;
    private final String destination;
    private final String checkpoint;
    private final String jobId;
    private final SnapshotFaults faults;
    private final Path dir;
    private final LiveTracking liveTracking;
    /** Held by {@link #release} and by the watchdog's break: their QMP steps never interleave. */
    private final ReentrantLock qemuSteps = new ReentrantLock();
    private volatile RoomWatch watch;
    private boolean released;
    /** The level the snapshot serves, once taken. */
    private volatile String level;
    private List<QemuDisk> disks = List.of();
    /** Volumes of the VM that are no QEMU drive (a TPM state), exported from their files. */
    private final List<DiskInfo> fileDisks = new ArrayList<>();
    private final FileExports fileExports;

    /** {@code jobId}: the bus job the snapshot belongs to, or null (named in the holder file for a crash's report). */
    FleeceSession(Vertx vertx, HypervisorConfig hv, VmInfo vm, String destination, String checkpoint, String jobId,
                  SnapshotFaults faults) {
        this.vertx = vertx;
        this.jobId = jobId;
        this.hv = hv;
        this.vm = vm;
        this.destination = destination;
        this.checkpoint = checkpoint;
        this.faults = faults;
        this.dir = hv.fleeceDir().resolve(Integer.toString(vm.vmid()));
        this.fileExports = new FileExports(dir);
        this.liveTracking = new LiveTracking(destination, checkpoint, hv.memoryTracking());
    }

    @Override
    public String checkpoint() {
        return checkpoint;
    }

    /**
     * Takes the snapshot; refused while another process holds one of this VM ({@link HolderFile#claim}); on any
     * failure everything is released (bitmaps merged back) and the error rethrown.
     */
    @Override
    public SnapshotReady prepare(SnapshotRequest req) throws Exception {
        Instant time = Instant.now();
        List<String> warnings = new ArrayList<>();
        HolderFile.ofThisProcess(vm.key(), jobId, checkpoint, destination, diskNames()).claim(dir);
        QmpClient client;
        try {
            client = Blocking.await(QmpClient.connect(vertx, vm.qmp()));
        } catch (Exception e) {
            HolderFile.delete(dir);
            throw e;
        }
        try {
            QmpCommands qmp = new QmpCommands(client);
            List<String> leftovers = Release.run(qmp, diskNames(), destination, true, null, Set.of(),
                    staleOverlays());
            if (!leftovers.isEmpty()) {
                throw new IllegalStateException("cannot clean up an earlier interrupted backup: " + leftovers.get(0));
            }
            requireRoom();
            disks = inspect(qmp);
            List<DiskTracking> tracking = liveTracking.read(qmp, disks);
            List<DiskTracking> all = new ArrayList<>(tracking);
            fileDisks.forEach(d -> all.add(DiskTracking.incapable(d.name(), d.format() + " volume of swtpm")));
            LevelDecision decision = LevelDecision.decide(req.level(), destination, all);
            level = decision.level();
            Files.createDirectories(dir);
            for (QemuDisk d : disks) {
                QemuImg.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", d.overlay().toString(),
                        Long.toString(d.size())));
                Blocking.await(qmp.blockdevAddQcow2(Names.fleeceNode(d.disk()), d.overlay().toString(), d.node()));
            }
            List<QmpAction> actions = transaction(tracking, decision.level(), qmp);
            try (Quiescer q = req.quiesce() ? Quiescer.freeze(vertx, hv.runDir().resolve(vm.vmid() + ".qga"),
                    Duration.ofSeconds(3)) : Quiescer.skip()) {
                warnings.addAll(q.warnings());
                faults.at("after-freeze");
                Blocking.await(qmp.transaction(actions));
                q.thaw();
                String consistency = q.frozen() || req.quiesce() && q.warnings().isEmpty() ? "application" : "crash";
                faults.at("after-transaction");
                List<SnapshotDisk> out = export(qmp, decision.level());
                for (DiskInfo d : fileDisks) {
                    out.add(fileExports.export(d.name(), d.virtualSize(), d.format(), d.path(),
                            Names.exportName(vm.vmid(), d.name(), checkpoint), null));
                }
                faults.at("after-export");
                LOGGER.info("vm={} checkpoint={} snapshot ready: {} ({}), {} disk(s)", vm.key(), checkpoint,
                        decision.level(), consistency, out.size());
                return new SnapshotReady(checkpoint, time, decision.level(), decision.reason(), decision.since(),
                        consistency, warnings, destination, vm.name(), ImageTracking.vmConfig(vm), out);
            }
        } catch (Exception e) {
            List<String> errors = new ArrayList<>(fileExports.stop());
            errors.addAll(Release.run(new QmpCommands(client), diskNames(), destination, true, checkpoint,
                    liveTracking.createdLive(), overlays()));
            errors = released(errors);
            if (!errors.isEmpty()) {
                LOGGER.error("vm={} checkpoint={} cleanup after failure incomplete: {}", vm.key(), checkpoint, errors);
            }
            throw e;
        } finally {
            client.close();
        }
    }

    /**
     * Overlay files of this VM's disks that an interrupted run left in the fleece directory (its process was
     * killed before it released): once the QEMU side is cleaned up nothing uses them. One backup per VM at a time.
     */
    private List<Path> staleOverlays() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("fleece-") && diskNames().stream().anyMatch(d -> n.endsWith("-" + d + ".qcow2"));
            }).toList();
        }
    }

    /** Releases the snapshot; {@code success} drops the frozen bitmaps, otherwise they are merged back. */
    @Override
    public List<String> release(boolean success, boolean storedFull) {
        RoomWatch w = watch;
        if (w != null) {
            w.stop();
        }
        qemuSteps.lock();
        try {
            released = true;
            return releaseNow(success, success && storedFull && !"full".equals(level));
        } finally {
            qemuSteps.unlock();
        }
    }

    private List<String> releaseNow(boolean success, boolean restartDiff) {
        List<String> errors = new ArrayList<>(fileExports.stop()); // never a reason to leave QEMU as it is
        try {
            QmpClient client = Release.connect(vertx, Path.of(vm.qmp()));
            if (client == null) {
                // QEMU ended during the backup: killed, its bitmaps reload inconsistent (the next backup is a full and
                // says why); quit, it stored the frozen copies with the reset bitmaps (the next snapshot merges them)
                LOGGER.warn("vm={} checkpoint={} QEMU ended before the snapshot was released; its files removed",
                        vm.key(), checkpoint);
                Release.removeFiles(dir, overlays());
                return released(errors);
            }
            try {
                QmpCommands qmp = new QmpCommands(client);
                errors.addAll(Release.run(qmp, diskNames(), destination, !success, checkpoint,
                        success ? Set.of() : liveTracking.createdLive(), overlays()));
                if (restartDiff) {
                    errors.addAll(Release.restartDiff(qmp, disks.stream().map(QemuDisk::node).toList(), destination,
                            checkpoint));
                }
                return released(errors);
            } finally {
                client.close();
            }
        } catch (Exception e) {
            errors.add("cannot reach QEMU to release the snapshot: " + Quiescer.message(e));
            return errors;
        }
    }

    /** No snapshot is taken with less free space on the fleece directory's file system than the reserve. */
    private void requireRoom() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < hv.fleeceReserveBytes()) {
            throw new IllegalStateException("fleece-dir " + hv.fleeceDir() + " has " + mib(free) + " MiB free, less "
                    + "than the " + hv.fleeceReserveMib() + " MiB (hypervisor.fleece-reserve-mib) a snapshot keeps "
                    + "free for the old data of the guest's writes");
        }
    }

    /**
     * While the snapshot is held, every guest write first copies the old data into the overlay, and QEMU 7.2 fails
     * the guest's write when that copy cannot be stored: below the reserve ({@link RoomWatch}) the snapshot is
     * detached at once (export, fleecing job and node, overlay: guest writes are no longer copied) and the reason
     * reported; the owner then releases it as failed.
     */
    @Override
    public void watch(java.util.function.Consumer<String> broken) {
        watch = RoomWatch.start(dir, hv.fleeceReserveBytes(), "fleece-watch-" + vm.vmid(), free -> {
            String reason = detachForRoom(free);
            if (reason != null) {
                broken.accept(reason);
            }
        });
    }

    /** Detaches the snapshot (unless it was released meanwhile); returns the reason, or null when released. */
    private String detachForRoom(long free) {
        String reason = "fleece-dir " + hv.fleeceDir() + " is nearly full (" + mib(free) + " MiB free, reserve "
                + hv.fleeceReserveMib() + " MiB): the snapshot was released before the guest's writes could fail;"
                + " give fleece-dir more room or lower hypervisor.fleece-reserve-mib";
        qemuSteps.lock();
        try {
            if (released) {
                return null;
            }
            LOGGER.error("vm={} checkpoint={} {}", vm.key(), checkpoint, reason);
            QmpClient client = Release.connect(vertx, Path.of(vm.qmp()));
            if (client != null) {
                try {
                    Release.detach(new QmpCommands(client), diskNames(), overlays())
                            .forEach(e -> LOGGER.error("vm={} checkpoint={} detach: {}", vm.key(), checkpoint, e));
                } finally {
                    client.close();
                }
            }
        } catch (Exception e) {
            LOGGER.error("vm={} checkpoint={} cannot detach the snapshot: {}", vm.key(), checkpoint,
                    Quiescer.message(e));
        } finally {
            qemuSteps.unlock();
        }
        return reason;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    /**
     * Once nothing is left in QEMU the holder file goes; else it stays for {@link OrphanSweep} should we die, and
     * the next snapshot of the VM here takes it over and cleans up.
     */
    private List<String> released(List<String> errors) {
        if (!errors.isEmpty()) {
            HolderFile.letGo(dir);
            return errors;
        }
        try {
            HolderFile.delete(dir);
        } catch (IOException e) {
            HolderFile.letGo(dir);
            return List.of("cannot delete the holder file: " + e.getMessage());
        }
        return errors;
    }

    private List<String> diskNames() {
        return vm.disks().stream().map(DiskInfo::name).toList();
    }

    private List<Path> overlays() {
        return disks.stream().map(QemuDisk::overlay).toList();
    }

    /**
     * The disks to snapshot, from what QEMU reports. A TPM state volume is no QEMU drive (swtpm keeps it): it goes to
     * {@link #fileDisks}, exported from its file and copied whole. Any other disk of the config that is not attached
     * is an error.
     */
    private List<QemuDisk> inspect(QmpCommands qmp) throws Exception {
        Map<String, BlockInfo> blocks = Blocking.await(qmp.queryBlock()).stream()
                .collect(Collectors.toMap(BlockInfo::device, Function.identity(), (a, b) -> a));
        List<QemuDisk> out = new ArrayList<>();
        for (DiskInfo d : vm.disks()) {
            BlockInfo b = blocks.get("drive-" + d.name());
            if ((b == null || !b.inserted()) && ImageTracking.isTpmState(d.name()) && d.path() != null) {
                fileDisks.add(d);
                continue;
            }
            if (b == null || !b.inserted()) {
                throw new IllegalStateException("disk " + d.name() + " is not attached to the running VM as drive-"
                        + d.name());
            }
            out.add(new QemuDisk(d.name(), b.nodeName(), b.driver(), b.file(), b.virtualSize(),
                    dir.resolve("fleece-" + checkpoint + "-" + d.name() + ".qcow2")));
        }
        return out;
    }

    /** The one atomic transaction: the change-tracking actions of every disk ({@link LiveTracking}), then fleecing. */
    private List<QmpAction> transaction(List<DiskTracking> tracking, String level, QmpCommands qmp) throws Exception {
        List<QmpAction> actions = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            QemuDisk d = disks.get(i);
            liveTracking.addActions(actions, qmp, d, tracking.get(i), level);
            actions.add(QmpAction.blockdevBackup(Names.fleeceJob(d.disk()), d.node(), Names.fleeceNode(d.disk()),
                    Names.cbwFilter(d.disk())));
        }
        return actions;
    }

    private List<SnapshotDisk> export(QmpCommands qmp, String level) throws Exception {
        Path socket = dir.resolve(NBD_SOCKET);
        try {
            Blocking.await(qmp.nbdServerStartUnix(socket.toString()));
        } catch (Exception e) {
            if (!String.valueOf(e.getMessage()).contains("already running") || !Files.exists(socket)) {
                throw e;
            }
        }
        List<SnapshotDisk> out = new ArrayList<>();
        for (QemuDisk d : disks) {
            String name = Names.exportName(vm.vmid(), d.disk(), checkpoint);
            String bitmap = level.equals("full") ? null
                    : Names.frozen(level.equals("incremental") ? Names.incBitmap(destination)
                    : Names.diffBitmap(destination), checkpoint);
            Blocking.await(qmp.blockExportAdd(Names.exportId(d.disk()), Names.fleeceNode(d.disk()), name,
                    bitmap == null ? List.of() : List.of(new BitmapRef(d.node(), bitmap)), false));
            out.add(new SnapshotDisk(d.disk(), d.size(), d.format(), new ExportInfo(socket.toString(), null, 0, name,
                    bitmap == null ? null : "qemu:dirty-bitmap:" + bitmap, bitmap == null ? 0 : GRANULARITY)));
        }
        return out;
    }
}
