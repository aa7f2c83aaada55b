package io.vmferry.cli;

import io.vertx.core.Vertx;
import io.vmferry.bus.Json;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.cli.bacula.Node;
import io.vmferry.snapshot.Snapshots;
import io.vmferry.snapshot.Tracking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmferry untrack --vm ID[,ID...]}: remove vmferry's change tracking (its persistent dirty bitmaps) from the
 * disks of VMs on this node, so that QEMU can revert a qcow2 snapshot ({@code qm rollback}); their next backups are
 * fulls.
 */
@Command(name = "untrack", description = "Remove vmferry's change tracking from a VM's disks (needed before reverting "
        + "a qcow2 snapshot, e.g. qm rollback); the next backup is a full.")
final class UntrackCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", required = true, split = ",", paramLabel = "VMID", description = "VMIDs on this node")
    List<Integer> vmids;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Map<String, List<Tracking.Removed>> results = new LinkedHashMap<>();
            for (int vmid : vmids) {
                VmInfo vm = Node.vm(vertx, root.config(), vmid);
                try {
                    results.put(vm.key(), Tracking.drop(vertx, root.config().hypervisor(), vm));
                } catch (Exception e) {
                    throw new JobFailedException("untrack " + vm.key() + ": " + Snapshots.message(e));
                }
                if (!json) {
                    report(vm.key(), results.get(vm.key()));
                }
            }
            if (json) {
                System.out.println(Json.pretty(Map.of("vms", results)));
            }
            return 0;
        } finally {
            vertx.close();
        }
    }

    private static void report(String vm, List<Tracking.Removed> disks) {
        List<String> done = new ArrayList<>();
        for (Tracking.Removed d : disks) {
            if (!d.removed().isEmpty()) {
                done.add(d.disk() + " (" + d.removed().size() + " bitmap" + (d.removed().size() == 1 ? "" : "s") + ")");
            }
        }
        System.err.println(done.isEmpty() ? vm + ": no change tracking to remove"
                : vm + ": change tracking removed from " + String.join(", ", done) + "; the next backup is a full");
        for (Tracking.Removed d : disks) {
            if (!d.foreign().isEmpty()) {
                System.err.println("  note: disk " + d.disk() + " still has " + d.foreign().stream()
                        .map(b -> "'" + b + "'").collect(Collectors.joining(", "))
                        + " (not vmferry's): QEMU reverts no snapshot while an image has a bitmap");
            }
        }
    }
}
