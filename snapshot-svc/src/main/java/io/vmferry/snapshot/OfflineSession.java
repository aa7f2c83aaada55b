package io.vmferry.snapshot;

import io.vertx.core.json.JsonObject;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.qemu.img.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stopped VM: its images do not change, so each disk is exported as it is with a read-only
 * {@code qemu-nbd}, with a frozen copy of the tracking bitmap for incrementals. On success the
 * live bitmaps are reset (or created, for the first backup) offline with {@code qemu-img bitmap},
 * each labelled with the point its changes now start at; QEMU loads them when the VM starts.
 */
final class OfflineSession implements Snapshot {
    private final HypervisorConfig hv;
    private final VmInfo vm;
    private final String destination;
    private final String checkpoint;
    private final String jobId;
    private final Path dir;
    private final FileExports exports;
    private final List<Disk> disks = new ArrayList<>();
    private String level;

    /** {@code bitmaps}: the names of the image's bitmaps of this destination when the snapshot was taken. */
    private record Disk(DiskInfo info, String format, DiskTracking tracking, List<BitmapName> bitmaps) {
    }

    /** {@code jobId}: the bus job the snapshot belongs to, or null (named in the holder file). */
    OfflineSession(HypervisorConfig hv, VmInfo vm, String destination, String checkpoint, String jobId) {
        this.jobId = jobId;
        this.hv = hv;
        this.vm = vm;
        this.destination = destination;
        this.checkpoint = checkpoint;
        this.dir = hv.fleeceDir().resolve(Integer.toString(vm.vmid()));
        this.exports = new FileExports(dir);
    }

    @Override
    public String checkpoint() {
        return checkpoint;
    }

    /** Refused while another process holds a snapshot of this VM ({@link HolderFile#claim}). */
    @Override
    public SnapshotReady prepare(SnapshotRequest req) throws Exception {
        HolderFile.ofThisProcess(vm.key(), jobId, checkpoint, destination,
                vm.disks().stream().map(DiskInfo::name).toList()).claim(dir);
        try {
            Files.createDirectories(dir);
            for (DiskInfo d : vm.disks()) {
                if (d.path() == null) {
                    throw new IllegalStateException("disk " + d.name() + ": " + d.note());
                }
                disks.add(inspect(d));
            }
            LevelDecision decision = LevelDecision.decide(req.level(), destination,
                    disks.stream().map(Disk::tracking).toList());
            level = decision.level();
            List<SnapshotDisk> out = new ArrayList<>();
            for (Disk d : disks) {
                out.add(export(d));
            }
            return new SnapshotReady(checkpoint, Instant.now(), level, decision.reason(), decision.since(),
                    "offline", List.of(), destination, vm.name(), ImageTracking.vmConfig(vm), out);
        } catch (Exception e) {
            release(false);
            throw e;
        }
    }

    private Disk inspect(DiskInfo d) throws IOException {
        QemuImg.Info info = QemuImg.info(Path.of(d.path()));
        JsonObject data = ImageTracking.formatData(info);
        String problem = ImageTracking.persistenceProblem(info.format(), data);
        if (problem != null) {
            String why = hv.memoryTracking() && !ImageTracking.isTpmState(d.name())
                    ? "its tracking lives in QEMU's memory and the VM is stopped; " + problem : problem;
            return new Disk(d, info.format(), DiskTracking.incapable(d.name(), why), List.of());
        }
        List<DiskTracking.Bitmap> bitmaps = ImageTracking.bitmaps(data);
        if (foldLeftovers(d.path(), bitmaps)) {
            bitmaps = ImageTracking.bitmaps(ImageTracking.formatData(QemuImg.info(Path.of(d.path()))));
        }
        List<BitmapName> ours = bitmaps.stream().map(b -> BitmapName.parse(destination, b.name()))
                .flatMap(java.util.Optional::stream).toList();
        return new Disk(d, "qcow2", DiskTracking.of(d.name(), destination, bitmaps), ours);
    }

    /**
     * Frozen copies an earlier run left in the image (QEMU quit while a snapshot was held, or the holding process
     * died) are merged back into their live bitmap, as a failed release would, and the label of the reset they undo
     * goes. Returns whether the image changed.
     */
    private boolean foldLeftovers(String file, List<DiskTracking.Bitmap> bitmaps) throws IOException {
        boolean changed = false;
        for (DiskTracking.Bitmap b : bitmaps) {
            BitmapName n = BitmapName.parse(destination, b.name()).orElse(null);
            if (n == null || n.role() != BitmapName.Role.FROZEN) {
                continue;
            }
            boolean liveUsable = bitmaps.stream().anyMatch(l -> l.name().equals(n.live()) && l.consistent());
            if (b.consistent() && liveUsable) {
                QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", "--merge", n.name(), file, n.live()));
            }
            bitmap(file, "--remove", Names.since(n.live(), n.checkpoint()), true);
            bitmap(file, "--remove", n.name(), true);
            changed = true;
        }
        return changed;
    }

    private SnapshotDisk export(Disk d) throws Exception {
        String file = d.info().path();
        String bitmap = null;
        if (!level.equals("full") && d.tracking().tracked()) {
            String live = level.equals("incremental") ? Names.incBitmap(destination) : Names.diffBitmap(destination);
            bitmap = Names.frozen(live, checkpoint);
            QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", "--add", "--disable", "-g",
                    Long.toString(FleeceSession.GRANULARITY), file, bitmap));
            QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", "--merge", live, file, bitmap));
        }
        return exports.export(d.info().name(), d.info().virtualSize(), d.format(), file,
                Names.exportName(vm.vmid(), d.info().name(), checkpoint), bitmap);
    }

    @Override
    public List<String> release(boolean success, boolean storedFull) {
        List<String> errors = new ArrayList<>(exports.stop());
        for (Disk d : disks) {
            try {
                bitmaps(d, success, storedFull);
            } catch (IOException e) {
                errors.add("disk " + d.info().name() + ": " + e.getMessage());
            }
        }
        try {
            HolderFile.delete(dir);
        } catch (IOException e) {
            errors.add("cannot delete the holder file: " + e.getMessage());
        }
        return errors;
    }

    /** {@code storedFull}: the point was stored as a full, so both trackings restart here (the VM did not run). */
    private void bitmaps(Disk d, boolean success, boolean storedFull) throws IOException {
        if (!d.tracking().tracked() || level == null) {
            return;
        }
        String file = d.info().path();
        String inc = Names.incBitmap(destination);
        String diff = Names.diffBitmap(destination);
        if (!level.equals("full")) {
            String live = level.equals("incremental") ? inc : diff;
            bitmap(file, "--remove", Names.frozen(live, checkpoint), true);
        }
        if (!success) {
            return;
        }
        boolean fresh = d.tracking().inconsistent();
        if (fresh) {
            for (BitmapName b : d.bitmaps()) {
                bitmap(file, "--remove", b.name(), true);
            }
        }
        reset(d, file, inc, !fresh && d.tracking().hasInc());
        if (level.equals("full") || storedFull) {
            reset(d, file, diff, !fresh && d.tracking().hasDiff());
        } else if (!d.tracking().hasDiff()) {
            reset(d, file, diff, false);
        }
    }

    /**
     * Resets (or creates) {@code live} so its changes start at this checkpoint. The new label goes first: a run that
     * dies in between leaves a live bitmap holding more than its newest label says, never less.
     */
    private void reset(Disk d, String file, String live, boolean exists) throws IOException {
        String label = Names.since(live, checkpoint);
        QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", "--add", "--disable", "-g",
                Long.toString(Names.LABEL_GRANULARITY), file, label));
        if (exists) {
            bitmap(file, "--clear", live, false);
        } else {
            QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", "--add", "-g",
                    Long.toString(FleeceSession.GRANULARITY), file, live));
        }
        for (BitmapName b : d.bitmaps()) {
            if (b.role() == BitmapName.Role.SINCE && b.live().equals(live)) {
                bitmap(file, "--remove", b.name(), true);
            }
        }
    }

    private static void bitmap(String file, String op, String name, boolean missingOk) throws IOException {
        try {
            QemuImg.run(List.of("qemu-img", "bitmap", "-f", "qcow2", op, file, name));
        } catch (IOException e) {
            if (!missingOk || !String.valueOf(e.getMessage()).contains("not found")) {
                throw e;
            }
        }
    }
}
