package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.Bvfs;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.ChainApplier;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bridge.bacula.PointLedger;
import io.vmferry.bridge.bacula.RestorePoint;
import io.vmferry.bridge.bacula.RestorePoints;
import io.vmferry.bridge.bacula.RestoreRequest;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.repo.AtomicFiles;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.JobFailedException;
import io.vmferry.cli.UsageException;
import io.vmferry.qemu.pve.PveStorageConfig;
import io.vmferry.stream.api.BackupLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmferry bacula restore --vm ID [--jobid N | --before TIME] --to DIR}: finds the chain in the catalog
 * (every successful job of the VM from the last Full up to the chosen one), restores exactly those stream versions
 * through a bvfs restore table into the bpipe writer under a staging directory, which applies them, oldest first,
 * to each disk's image there ({@link ChainApplier}: the disk is written once, no stream is kept); once the job
 * ended well and the image holds the chosen job, it becomes {@code DIR/<vmid>-<disk>.raw}. With {@code --new-vmid N} it restores into a
 * new VM in the {@code qemu} layout instead ({@link NewVmRestore}); {@code DIR} then only stages the streams.
 */
@Command(name = "restore", description = "Restore a VM's disks at a Bacula job through bconsole.")
final class BaculaRestoreCommand implements Callable<Integer> {
    @ParentCommand
    BaculaCommand bacula;

    @Mixin
    Director director;

    @Option(names = "--vm", required = true, paramLabel = "VMID")
    int vm;

    @Option(names = "--jobid", paramLabel = "N", description = "the backup job to restore (default: the latest)")
    Long jobId;

    @Option(names = "--before", paramLabel = "TIME", description = "the latest job at or before TIME (ISO-8601)")
    Instant before;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "where the disks go; with --new-vmid only the staging directory of the streams")
    Path to;

    @Option(names = "--new-vmid", paramLabel = "N", description = "restore into a new VM N in the qemu layout")
    Integer newVmid;

    @Option(names = "--new-vm-name", paramLabel = "NAME", description = "its name (default: original + -restored)")
    String newVmName;

    @Option(names = "--target-storage", paramLabel = "ID",
            description = "a dir storage of storage.cfg for every disk (default: each disk's original storage)")
    String targetStorage;

    @Option(names = "--overwrite-vmid", description = "replace VM N if it exists")
    boolean overwriteVmid;

    @Option(names = "--start-vm", description = "start VM N after the restore (qm start N; needs Proxmox's qm)")
    boolean startVm;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (jobId != null && before != null) {
            throw new UsageException("give --jobid or --before, not both");
        }
        VmferryConfig config = bacula.config();
        NewVmRestore newVm = null;
        if (newVmid != null) {
            newVm = new NewVmRestore(config.hypervisor().confDir(),
                    PveStorageConfig.read(config.hypervisor().storageCfg()), newVmid, newVmName, targetStorage,
                    overwriteVmid);
            newVm.check(id -> Node.running(config, id));
            if (startVm) {
                new VmStarter(newVmid).check();
            }
        } else if (newVmName != null || targetStorage != null || overwriteVmid || startVm) {
            throw new UsageException("--new-vm-name, --target-storage, --overwrite-vmid and --start-vm need --new-vmid");
        }
        BaculaConfig bc = config.bacula();
        Bconsole bconsole = director.bconsole(bc);
        String client = director.client(bc);
        String host = director.host(config.hypervisor().host());
        List<RestorePoint> points = new RestorePoints(bconsole).list(client, host, vm);
        RestorePoint target = points.stream()
                .filter(p -> jobId == null || p.jobId() == jobId)
                .filter(p -> before == null || !p.time().isAfter(before))
                .max(Comparator.comparing(RestorePoint::time).thenComparing(RestorePoint::jobId))
                .orElseThrow(() -> new JobFailedException("no successful Bacula backup of VM " + vm + " on " + client
                        + (jobId != null ? " with JobId " + jobId : before != null ? " before " + before : "")));
        List<Long> jobs = chainJobs(points, target);
        Path staging = to.resolve(".vmferry-bacula-" + target.jobId());
        Files.createDirectories(staging);
        if (newVm == null) {
            Files.writeString(staging.resolve(ChainApplier.MARKER), "images\n"); // the writers apply, see below
        }
        try {
            restoreJob(bc, bconsole, client, target, jobs, staging, newVm != null,
                    newVm == null ? () -> delivered(staging, target) : () -> false);
            if (newVm != null) {
                newVm.run(staging, target, id -> Node.running(config, id)).forEach(System.out::println);
            } else {
                for (CatalogPath disk : target.disks()) {
                    Path out = to.resolve(disk.disk().imageFileName());
                    String applied = applied(staging, disk);
                    if (!applied.equals(PointLedger.pointId(target.jobId()))) {
                        throw new JobFailedException("the restore job did not deliver " + disk.disk().vmKey() + " "
                                + disk.disk().disk() + " up to job " + target.jobId() + " (its chain ends at "
                                + applied + ")");
                    }
                    AtomicFiles.rename(ChainApplier.image(staging, disk.disk()), out);
                    System.out.println("restored " + disk.disk().vmKey() + " " + disk.disk().disk() + " at job "
                            + target.jobId() + " (" + target.level().label() + ", chain " + jobs + ") to " + out);
                }
            }
        } finally {
            AtomicFiles.deleteTree(staging);
        }
        if (newVm != null && startVm) {
            String out = new VmStarter(newVmid).start();
            System.out.println("started VM " + newVmid + (out.isEmpty() ? "" : ": " + out));
        }
        return 0;
    }

    /**
     * Restores exactly the chain's stream versions (and the target job's config for a new VM) through a bvfs restore
     * table into the writer under {@code staging}; fails unless the restore job ended well. {@code delivered}: the
     * job's data is through, only its end is left to wait for ({@link Bconsole#await(long, Duration, BooleanSupplier)}).
     */
    private static void restoreJob(BaculaConfig bc, Bconsole bconsole, String client, RestorePoint target,
                                   List<Long> jobs, Path staging, boolean withConfig, BooleanSupplier delivered) {
        Bvfs bvfs = new Bvfs(bconsole);
        bvfs.update();
        List<Long> fileIds = new ArrayList<>();
        for (CatalogPath disk : target.disks()) {
            bvfs.lsfiles(jobs, disk.directory()).stream().filter(f -> jobs.contains(f.jobId()))
                    .filter(f -> f.name().endsWith(".vfs")).forEach(f -> fileIds.add(f.fileId()));
        }
        if (withConfig) {
            for (CatalogPath conf : target.streams().stream().filter(p -> p.kind() == StreamKind.CONFIG).toList()) {
                bvfs.lsfiles(jobs, conf.directory()).stream().filter(f -> f.jobId() == target.jobId())
                        .filter(f -> f.name().equals(conf.fileName())).forEach(f -> fileIds.add(f.fileId()));
            }
        }
        long restoreJob = bvfs.restoreVersions(fileIds, jobs, RestoreRequest.of(new RestoreRequest.WholeJobs(jobs),
                client, bc.restoreJob()).withWhere(staging.toAbsolutePath().toString()));
        JobStatus status = bconsole.await(restoreJob, Duration.ofHours(12), delivered);
        if (!status.succeeded()) {
            throw new JobFailedException("Bacula restore " + status.describe() + ": "
                    + String.join(" | ", bconsole.jobLog(restoreJob)));
        }
    }

    /** True once the writers applied every disk of {@code target} up to it in {@code staging} (apply mode). */
    private static boolean delivered(Path staging, RestorePoint target) {
        String point = PointLedger.pointId(target.jobId());
        try {
            for (CatalogPath disk : target.disks()) {
                if (!applied(staging, disk).equals(point)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false; // a point file being replaced: not yet
        }
    }

    /** The point the writers applied last to the image of {@code disk} in {@code staging}, or "nothing". */
    private static String applied(Path staging, CatalogPath disk) throws IOException {
        return ChainApplier.appliedPoint(staging, disk.disk()).orElse("nothing");
    }

    /** The successful jobs from the last Full at or before {@code target} up to {@code target}. */
    static List<Long> chainJobs(List<RestorePoint> points, RestorePoint target) {
        int end = points.indexOf(target);
        int start = end;
        while (start > 0 && points.get(start).level() != BackupLevel.FULL) {
            start--;
        }
        return points.subList(start, end + 1).stream().map(RestorePoint::jobId).toList();
    }
}
