package io.vmferry.cli;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Point;
import io.vmferry.bridge.repo.PointListing;
import io.vmferry.bridge.repo.PointDisk;
import io.vmferry.bridge.repo.RepositoryException;
import io.vmferry.bridge.repo.Verification;
import io.vmferry.bus.Json;
import io.vmferry.qemu.pve.Sizes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry points --vm ID}: the restore points of a VM in the local repository. */
@Command(name = "points", description = "List restore points: id, time, level, parent, disks, bytes.")
final class PointsCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", required = true, paramLabel = "ID", description = "VMID or VM key (host/vmid)")
    String vm;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        LocalRepository repo = root.repository();
        PointListing listing;
        try {
            listing = PointListing.of(repo, vm);
        } catch (RepositoryException e) {
            throw new JobFailedException(e.getMessage());
        }
        if (json) {
            System.out.println(Json.pretty(listing));
            return 0;
        }
        List<Point> points = listing.points();
        Map<String, Verification> verified = listing.verifications();
        if (points.isEmpty()) {
            System.err.println("no restore points of VM " + vm + " in " + repo.root());
            return 0;
        }
        String row = "%-22s %-20s %-12s %-22s %-10s %-12s %s%n";
        System.err.printf(row, "POINT", "TIME", "LEVEL", "PARENT", "BYTES", "VERIFIED", "DISKS");
        for (Point p : points) {
            Verification v = verified.get(p.id());
            System.err.printf(row, p.id(), p.time().toString().substring(0, 19), p.level(),
                    p.parent() == null ? "-" : p.parent(), Sizes.human(p.bytes()),
                    v == null ? "-" : v.ok() ? v.time().toString().substring(0, 10) : "DAMAGED",
                    p.disks().stream().map(PointDisk::name).collect(Collectors.joining(",")));
        }
        return 0;
    }
}
