package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.RestorePoint;
import io.vmferry.bridge.bacula.RestorePoints;
import io.vmferry.bus.Json;
import io.vmferry.bus.config.VmferryConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry bacula points --vm ID}: the restore points of a VM in the Bacula catalog. */
@Command(name = "points", description = "List the restore points of a VM in the Bacula catalog.")
final class BaculaPointsCommand implements Callable<Integer> {
    @ParentCommand
    BaculaCommand bacula;

    @Mixin
    Director director;

    @Option(names = "--vm", required = true, paramLabel = "VMID")
    int vm;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        VmferryConfig config = bacula.config();
        List<RestorePoint> points = new RestorePoints(director.bconsole(config.bacula()))
                .list(director.client(config.bacula()), director.host(config.hypervisor().host()), vm);
        if (json) {
            System.out.println(Json.pretty(Map.of("points", points.stream().map(p -> Map.of("jobid", p.jobId(),
                    "time", p.time().toString(), "level", p.level().label(), "parent", p.parent(), "bytes", p.bytes(),
                    "disks", p.disks().stream().map(d -> d.disk().disk()).toList())).toList())));
        } else {
            System.out.printf("%-8s %-20s %-12s %-8s %s%n", "JOBID", "TIME", "LEVEL", "PARENT", "DISKS");
            for (RestorePoint p : points) {
                System.out.printf("%-8d %-20s %-12s %-8s %s%n", p.jobId(), p.time(), p.level().label(),
                        p.parent() == 0 ? "-" : Long.toString(p.parent()),
                        String.join(",", p.disks().stream().map(d -> d.disk().disk()).toList()));
            }
        }
        return 0;
    }
}
