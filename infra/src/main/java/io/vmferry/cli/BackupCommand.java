package io.vmferry.cli;

import io.vmferry.bus.Json;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.infra.BackupJob;
import io.vmferry.inventory.VmSelection;
import io.vmferry.qemu.pve.Sizes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry backup}: back up the selected VMs into the configured destination, following the job's events. */
@Command(name = "backup", description = "Back up the selected VMs into the configured destination.",
        footer = {"", "--keep-last, --keep-daily, --keep-weekly and --keep-monthly give the job a",
                "retention of its own: applied to each VM's points after its backup, in place",
                "of repository.retention."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", paramLabel = "SEL", required = true,
            description = "VMs: *, a VMID, a name, a wildcard (web*) or a comma list")
    String selection;

    @Option(names = "--exclude", paramLabel = "IDS", split = ",", description = "VMIDs to leave out (comma list)")
    List<Integer> exclude = List.of();

    @Option(names = "--level", required = true, paramLabel = "LEVEL",
            description = "full, incremental or differential")
    String level;

    @Option(names = "--quiesce", paramLabel = "yes|no", defaultValue = "yes",
            description = "freeze guest file systems through the guest agent (default: yes)")
    String quiesce;

    @Option(names = "--rate-limit-mib", paramLabel = "MIB", defaultValue = "0",
            description = "read at most MIB MiB/s from this job's disks, all together; the node's "
                    + "backup.rate-limit-mib holds as well (default: 0, none of its own)")
    int rateLimitMib;

    /** The job's own retention, in place of repository.retention: applied to each VM's points after its backup. */
    @Mixin
    KeepOptions keep;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        if (!List.of("full", "incremental", "differential").contains(level)) {
            throw new UsageException("--level must be full, incremental or differential, not '" + level + "'");
        }
        if (!List.of("yes", "no").contains(quiesce)) {
            throw new UsageException("--quiesce must be yes or no, not '" + quiesce + "'");
        }
        if (rateLimitMib < 0) {
            throw new UsageException("--rate-limit-mib cannot be negative: " + rateLimitMib);
        }
        PruneOptions retention = keep.given()
                ? new PruneOptions(keep.keepLast, keep.keepDaily, keep.keepWeekly, keep.keepMonthly, false) : null;
        if (retention != null && retention.backupProblem() != null) {
            throw new UsageException("--keep-last, --keep-daily, --keep-weekly, --keep-monthly cannot be negative");
        }
        VmSelection.parse(selection, exclude);
        JobRequest request = new JobRequest("backup", selection, exclude, level, quiesce.equals("yes"), "local")
                .withRateLimitMib(rateLimitMib).withPrune(retention);
        var config = root.config();
        Duration limit = Duration.ofSeconds(config.backup().jobTimeoutSeconds() + 120L);
        Map<String, JobFinished> results = Session.run(config, stack -> follow(stack.bus(), request, limit));
        return report(results);
    }

    private Map<String, JobFinished> follow(io.vmferry.bus.BusOptions bus, JobRequest request, Duration limit) {
        ProgressBar bar = new ProgressBar(System.err);
        try {
            return BackupJob.run(bus, request, limit, bar::update);
        } catch (BackupJob.Failed e) {
            throw new JobFailedException(e.getMessage());
        } finally {
            bar.clear();
        }
    }

    private int report(Map<String, JobFinished> results) {
        boolean ok = results.values().stream().allMatch(JobFinished::succeeded);
        if (json) {
            System.out.println(Json.pretty(Map.of("ok", ok, "vms", results)));
        }
        for (Map.Entry<String, JobFinished> r : results.entrySet()) {
            JobFinished f = r.getValue();
            if (!json) {
                System.err.println(line(r.getKey(), f));
                f.warnings().forEach(w -> System.err.println("  warning: " + w));
                if (f.levelReason() != null) {
                    System.err.println("  note: " + f.levelReason());
                }
            }
        }
        if (!ok) {
            String first = results.entrySet().stream().filter(x -> !x.getValue().succeeded())
                    .map(x -> x.getKey() + ": " + x.getValue().message()).findFirst().orElse("backup failed");
            throw new JobFailedException(first);
        }
        return 0;
    }

    static String line(String vm, JobFinished f) {
        if (!f.succeeded()) {
            return vm + ": " + f.status() + ": " + f.message();
        }
        long read = f.disks().stream().mapToLong(DiskResult::bytesRead).sum();
        long stored = f.disks().stream().mapToLong(DiskResult::bytesStored).sum();
        double secs = f.disks().stream().mapToDouble(DiskResult::seconds).max().orElse(0);
        return String.format("%s: %s backup ok, point %s, %s read, %s stored, %.1f s, %s-consistent", vm, f.level(),
                f.pointId(), Sizes.human(read), Sizes.human(stored), secs, f.consistency());
    }
}
