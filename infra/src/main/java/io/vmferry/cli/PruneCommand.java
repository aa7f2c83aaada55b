package io.vmferry.cli;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Pruner;
import io.vmferry.bridge.repo.Pruner.Decision;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RetentionPolicy;
import io.vmferry.bus.Json;
import io.vmferry.qemu.pve.Sizes;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmferry prune [--vm ID] --keep-last N [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--dry-run]}:
 * removes the restore points no rule keeps, never a point a kept one needs.
 */
@Command(name = "prune", description = "Remove restore points a retention policy does not keep.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", paramLabel = "ID", description = "VMID or VM key (host/vmid); default: every VM")
    String vm;

    @Mixin
    KeepOptions keep;

    @Option(names = "--dry-run", description = "only show what would be removed")
    boolean dryRun;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        RetentionPolicy policy;
        try {
            policy = RetentionPolicy.local(keep.keepLast, keep.keepDaily, keep.keepWeekly, keep.keepMonthly);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        LocalRepository repo = root.repository();
        Pruner.Report report;
        try {
            report = new Pruner(repo).prune(vm, policy, dryRun);
        } catch (RepositoryException e) {
            throw new JobFailedException(e.getMessage());
        } catch (IOException e) {
            throw new JobFailedException("cannot prune " + repo.root() + ": " + e.getMessage());
        }
        if (json) {
            System.out.println(Json.pretty(report));
            return 0;
        }
        for (Decision d : report.points()) {
            System.err.printf("%-6s %s %s %-12s %-10s %s%n", d.keep() ? "keep" : "remove", d.vm(),
                    d.point(), d.level(), Sizes.human(d.bytes()), String.join(", ", d.reasons()));
        }
        System.err.printf("%s %d of %d points, %s%s%n", dryRun ? "would remove" : "removed", report.removed(),
                report.points().size(), Sizes.human(report.bytesFreed()),
                dryRun ? " (dry run: nothing was removed)" : "");
        return 0;
    }
}
