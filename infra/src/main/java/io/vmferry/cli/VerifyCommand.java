package io.vmferry.cli;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RepositoryVerifier;
import io.vmferry.bridge.repo.RepositoryVerifier.PointCheck;
import io.vmferry.bus.Json;
import io.vmferry.qemu.pve.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmferry verify [--vm ID] [--point ID] [--outdated-after DAYS]}: reads the stored streams of restore points
 * back and checks them as a restore would (chain, frame CRCs, content SHA-256 against point.json), records each
 * point's outcome with it; exit 1 naming the first damaged point.
 */
@Command(name = "verify", description = "Read restore points back from the repository and check every stream.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", paramLabel = "ID", description = "VMID or VM key (host/vmid); default: every VM")
    String vm;

    @Option(names = "--point", paramLabel = "ID", description = "one restore point id or latest (needs --vm)")
    String point;

    @Option(names = "--outdated-after", paramLabel = "DAYS",
            description = "do not read again points found intact less than DAYS days ago (default: read all)")
    Integer outdatedAfter;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        if (point != null && vm == null) {
            throw new UsageException("--point needs --vm");
        }
        if (outdatedAfter != null && outdatedAfter < 0) {
            throw new UsageException("--outdated-after must be 0 or more days, not " + outdatedAfter);
        }
        LocalRepository repo = root.repository();
        Path path = repo.root();
        List<Point> points;
        try {
            points = point != null ? List.of(repo.point(vm, point)) : vm != null ? repo.points(vm) : repo.allPoints();
        } catch (RepositoryException e) {
            throw new JobFailedException(e.getMessage());
        }
        if (points.isEmpty()) {
            throw new JobFailedException("no restore points" + (vm == null ? "" : " of VM " + vm) + " in " + path);
        }
        ProgressBar bar = new ProgressBar(System.err);
        long t0 = System.nanoTime();
        List<PointCheck> checks;
        try {
            checks = new RepositoryVerifier(repo).verify(points,
                    outdatedAfter == null ? null : Duration.ofDays(outdatedAfter),
                    (done, total) -> bar.update("verify", done, total));
        } finally {
            bar.clear();
        }
        RepositoryVerifier.Report report = RepositoryVerifier.Report.of(checks, (System.nanoTime() - t0) / 1e9);
        if (json) {
            System.out.println(Json.pretty(report));
        } else {
            for (PointCheck c : checks) {
                System.err.printf("%-7s %s %s %s%s%n", c.ok() ? "ok" : "DAMAGED", c.vm(), c.point(), c.level(),
                        !c.ok() ? ": " + c.error() : c.recent() ? " (found intact within " + outdatedAfter
                                + " days, not read again)" : "");
            }
            System.err.printf("verified %d point%s (%s) in %.1f s: %s%n", checks.size(), checks.size() == 1 ? "" : "s",
                    Sizes.human(report.bytes()), report.seconds(),
                    report.damaged() == 0 ? "all intact" : report.damaged() + " damaged");
        }
        if (report.failure() != null) {
            throw new JobFailedException(report.failure());
        }
        return 0;
    }
}
