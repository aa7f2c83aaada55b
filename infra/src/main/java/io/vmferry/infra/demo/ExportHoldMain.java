package io.vmferry.infra.demo;

import io.vertx.core.Vertx;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.inventory.QemuInventory;
import io.vmferry.snapshot.Snapshots;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Holds a full snapshot of one VM exported exactly as a backup job's readers see it (the same fleecing export,
 * made by the same code), so that benchmarks can read it with other tools. Prints {@code EXPORT <disk> <NBD URI>}
 * per disk, then {@code HOLD_READY}; releases the snapshot (merging the change tracking back, so the VM's own
 * backups lose nothing) when standard input ends or a line arrives.
 * Usage: {@code ExportHoldMain CONFIG VMID}.
 */
public final class ExportHoldMain {
    private static final String DESTINATION = "bench";

    private ExportHoldMain() {
    }

    public static void main(String[] args) throws Exception {
        VmferryConfig config = ConfigLoader.load(Path.of(args[0]));
        int vmid = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        try {
            VmInfo vm = new QemuInventory(vertx, config.hypervisor()).find(vmid).toCompletionStage()
                    .toCompletableFuture().get(2, TimeUnit.MINUTES)
                    .orElseThrow(() -> new IllegalArgumentException("no VM " + vmid + " on this node"));
            Snapshots.Held held = Snapshots.take(vertx, config.hypervisor(),
                    new SnapshotRequest(vm, "full", false, DESTINATION));
            try {
                for (SnapshotDisk disk : held.ready().disks()) {
                    System.out.println("EXPORT " + disk.name() + " " + uri(disk.export()));
                }
                System.out.println("HOLD_READY");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } finally {
                held.release(false).forEach(e -> System.err.println("release: " + e));
            }
        } finally {
            vertx.close();
        }
    }

    private static String uri(ExportInfo e) {
        String name = e.exportName() == null ? "" : e.exportName();
        return e.socket() != null ? "nbd+unix:///" + name + "?socket=" + e.socket()
                : "nbd://" + e.host() + ":" + e.port() + "/" + name;
    }
}
