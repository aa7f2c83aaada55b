package io.vmferry.cli;

import io.vmferry.bridge.RestorePlan;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.RestoreResult;
import io.vmferry.bridge.repo.Restorer;
import io.vmferry.bus.Json;
import io.vmferry.bus.events.RestoreOptions;
import io.vmferry.qemu.pve.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry restore}: rebuild one disk as it was at a restore point, verified, into a new image. */
@Command(name = "restore", description = "Rebuild one disk as it was at a restore point.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", required = true, paramLabel = "ID", description = "VMID or VM key (host/vmid)")
    String vm;

    @Option(names = "--disk", paramLabel = "NAME",
            description = "disk name, e.g. scsi0; without it every disk of the point, into the directory --to")
    String disk;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest", description = "restore point id or latest")
    String point;

    @Option(names = "--to", required = true, paramLabel = "PATH",
            description = "new image file (must not exist); without --disk an existing directory for "
                    + "vm-<vmid>-<disk>.<format>")
    Path target;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "raw", description = "raw (sparse) or qcow2")
    String format;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        if (!format.equals("raw") && !format.equals("qcow2")) {
            throw new UsageException("--format must be raw or qcow2, not '" + format + "'");
        }
        if (disk == null) {
            return allDisks();
        }
        if (Files.exists(target)) {
            throw new UsageException(target + " already exists");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--to " + target + ": directory " + dir + " does not exist");
        }
        LocalRepository repo = root.repository();
        ProgressBar bar = new ProgressBar(System.err);
        long t0 = System.nanoTime();
        RestoreResult r;
        try {
            r = new Restorer().restore(repo, vm, disk, point, target, format,
                    (done, total) -> bar.update(disk, done, total));
        } catch (RepositoryException e) {
            throw new JobFailedException(e.getMessage());
        } finally {
            bar.clear();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (json) {
            System.out.println(Json.pretty(Map.of("result", r, "seconds", secs)));
        } else {
            System.err.printf("%s, %.1f s%n", described(r), secs);
        }
        return 0;
    }

    /** Without {@code --disk}: every disk of the point into the directory {@code --to}, all or nothing. */
    private Integer allDisks() {
        LocalRepository repo = root.repository();
        ProgressBar bar = new ProgressBar(System.err);
        long t0 = System.nanoTime();
        RestorePlan plan;
        List<RestoreResult> results;
        try {
            plan = RestorePlan.anywhere(repo, vm, new RestoreOptions(point, null, target.toString(), format));
            results = plan.run(repo, d -> (done, total) -> bar.update(d, done, total));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--to " + target + ": " + e.getMessage());
        } catch (RepositoryException e) {
            throw new JobFailedException(e.getMessage());
        } catch (IOException e) {
            throw new JobFailedException("restore of " + vm + " into " + target + ": " + e.getMessage());
        } finally {
            bar.clear();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (json) {
            System.out.println(Json.pretty(Map.of("results", results, "seconds", secs)));
        } else {
            results.forEach(r -> System.err.println(described(r)));
            System.err.printf("restored %d disk%s in %.1f s%n", results.size(), results.size() == 1 ? "" : "s", secs);
        }
        return 0;
    }

    /** One line saying what a restore wrote. */
    private static String described(RestoreResult r) {
        return String.format("restored %s %s at %s (chain %s) to %s: %s %s, %s data", r.vm(), r.disk(), r.pointId(),
                String.join(" <- ", r.chain()), r.target(), Sizes.human(r.virtualSize()), r.format(),
                Sizes.human(r.dataBytes()));
    }
}
