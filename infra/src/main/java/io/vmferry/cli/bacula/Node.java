package io.vmferry.cli.bacula;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.BconsoleOptions;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.cli.JobFailedException;
import io.vmferry.inventory.QemuInventory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the commands that run on the hypervisor node: inventory, blocking waits, bconsole. */
public final class Node {
    private Node() {
    }

    /** Waits for a Vert.x future from a plain thread. */
    static <T> T await(Future<T> f, Duration timeout) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** The VMs of this node. */
    static List<VmInfo> vms(Vertx vertx, VmferryConfig config) throws Exception {
        return await(new QemuInventory(vertx, config.hypervisor()).list(), Duration.ofMinutes(2));
    }

    /** One VM of this node by VMID. */
    public static VmInfo vm(Vertx vertx, VmferryConfig config, int vmid) throws Exception {
        return find(vertx, config, vmid).orElseThrow(() -> new JobFailedException("no VM " + vmid + " on this node"));
    }

    private static Optional<VmInfo> find(Vertx vertx, VmferryConfig config, int vmid) throws Exception {
        return await(new QemuInventory(vertx, config.hypervisor()).find(vmid), Duration.ofMinutes(2));
    }

    /** VM {@code vmid} of this node, or null when the node has none (a one-shot inventory of its own). */
    static VmInfo vmOrNull(VmferryConfig config, int vmid) {
        Vertx vertx = Vertx.vertx();
        try {
            return find(vertx, config, vmid).orElse(null);
        } catch (JobFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new JobFailedException("cannot list the VMs of this node: " + e.getMessage());
        } finally {
            vertx.close();
        }
    }

    /** True when VM {@code vmid} of this node is running (false when it is stopped or not on this node). */
    static boolean running(VmferryConfig config, int vmid) {
        VmInfo vm = vmOrNull(config, vmid);
        return vm != null && vm.running();
    }

    /** A bconsole client when the configuration names a bconsole.conf. */
    static Optional<Bconsole> bconsole(BaculaConfig cfg, Duration timeout) {
        return Optional.ofNullable(cfg.bconsoleConfig())
                .map(c -> new Bconsole(new BconsoleOptions(cfg.bconsole(), c, timeout)));
    }
}
