package io.vmferry.cli;

import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.Json;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.InventoryListing;
import io.vmferry.bus.events.InventoryRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.infra.BusClient;
import io.vmferry.inventory.VmSelection;
import io.vmferry.qemu.pve.Sizes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry vms}: list VMs with their state and disks, through the inventory service. */
@Command(name = "vms", description = "List VMs: id, name, state, disks with size and format.")
final class VmsCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Option(names = "--vm", paramLabel = "SEL", defaultValue = "*",
            description = "VMs: *, a VMID, a name, a wildcard (web*) or a comma list (default: *)")
    String selection;

    @Option(names = "--exclude", paramLabel = "IDS", split = ",", description = "VMIDs to leave out (comma list)")
    List<Integer> exclude = List.of();

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        VmSelection.parse(selection, exclude);
        InventoryListing listing = Session.run(root.config(), stack -> {
            try (BusClient client = new BusClient(stack.bus(), List.of(EventType.INVENTORY_LISTED))) {
                Envelope req = Envelope.create(EventType.INVENTORY_REQUESTED, null, null, "cli",
                        new InventoryRequest(selection, exclude));
                client.publish(req);
                return client.await(e -> e.type().equals(EventType.INVENTORY_LISTED.type())
                                && req.id().equals(e.payload().path("requestId").asText()),
                        Duration.ofSeconds(60), "inventory request").payloadAs(InventoryListing.class);
            }
        });
        if (listing.error() != null) {
            throw new JobFailedException(listing.error());
        }
        if (json) {
            System.out.println(Json.pretty(Map.of("host", listing.host(), "vms", listing.vms())));
        } else {
            print(listing.vms(), System.err);
        }
        return 0;
    }

    static void print(List<VmInfo> vms, PrintStream out) {
        out.printf("%-6s %-16s %-9s %s%n", "VMID", "NAME", "STATE", "DISKS");
        for (VmInfo vm : vms) {
            StringBuilder disks = new StringBuilder();
            for (DiskInfo d : vm.disks()) {
                disks.append(disks.isEmpty() ? "" : ", ").append(d.name()).append(' ')
                        .append(Sizes.human(d.virtualSize())).append(' ').append(d.format());
                if (d.note() != null) {
                    disks.append(" (").append(d.note()).append(')');
                }
            }
            out.printf("%-6d %-16s %-9s %s%n", vm.vmid(), vm.name(), vm.state(), disks.isEmpty() ? "-" : disks);
        }
    }
}
