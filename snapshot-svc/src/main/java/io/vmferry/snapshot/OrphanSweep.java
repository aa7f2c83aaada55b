package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the snapshots of runs that were killed while holding them (their {@link HolderFile} names a process that
 * is gone), as failed: export, fleecing job and node, overlay files removed, frozen bitmaps merged back. Without it
 * a running VM kept its copy-before-write filter — every guest write first copying the old data into the overlay —
 * and its NBD export until the VM's next backup. A holder that still runs (another snapshot service on this host) is
 * left alone. A guest whose file systems such a run left frozen is thawed first. Blocking: run it on a virtual
 * thread.
 */
final class OrphanSweep {
    private static final Logger LOGGER = LoggerFactory.getLogger(OrphanSweep.class);

    private OrphanSweep() {
    }

    /** Sweeps every VM directory under the fleece directory; returns the holders of the snapshots it released. */
    static List<HolderFile> run(Vertx vertx, HypervisorConfig hv) throws IOException {
        List<HolderFile> released = new ArrayList<>();
        if (!Files.isDirectory(hv.fleeceDir())) {
            return released;
        }
        List<Path> vmDirs;
        try (Stream<Path> s = Files.list(hv.fleeceDir())) {
            vmDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path vmDir : vmDirs) {
            try {
                Optional<HolderFile> holder = HolderFile.read(vmDir);
                if (holder.isPresent() && !holder.get().owner().alive()) {
                    release(vertx, hv, vmDir, holder.get());
                    released.add(holder.get());
                }
            } catch (IOException e) {
                LOGGER.warn("orphaned snapshot in {} not released: {}", vmDir, e.getMessage());
            }
        }
        return released;
    }

    private static void release(Vertx vertx, HypervisorConfig hv, Path vmDir, HolderFile h) throws IOException {
        String vmid = vmDir.getFileName().toString();
        Path socket = hv.runDir().resolve(vmid + ".qmp");
        List<Path> overlays = overlays(vmDir, h.checkpoint());
        List<String> errors = new ArrayList<>();
        QmpClient client;
        try {
            client = Release.connect(vertx, socket);
        } catch (Exception e) {
            throw new IOException("cannot reach QEMU at " + socket + ": " + Quiescer.message(e), e);
        }
        if (client != null) {
            // first: a guest left frozen by a run killed between freeze and thaw cannot write at all
            if (Quiescer.thawIfFrozen(vertx, hv.runDir().resolve(vmid + ".qga"), Duration.ofSeconds(3))) {
                LOGGER.warn("vm={}/{} thawed the guest file systems that a killed run (process {}) had frozen",
                        hv.host(), vmid, h.owner().pid());
            }
            try {
                errors.addAll(Release.run(new QmpCommands(client), h.disks(), h.destination(), true,
                        h.checkpoint(), Set.of(), overlays));
            } finally {
                client.close();
            }
        } else { // QEMU ended too: nothing of the snapshot is left in it but files
            Release.removeFiles(vmDir, overlays);
        }
        if (!errors.isEmpty()) {
            throw new IOException("VM " + vmid + " checkpoint " + h.checkpoint() + ": " + errors.get(0));
        }
        HolderFile.delete(vmDir);
        LOGGER.warn("vm={}/{} released snapshot {} of a run that ended without releasing it (process {} is gone): "
                + "export and fleecing removed, its changes kept for the next incremental", hv.host(), vmid,
                h.checkpoint(), h.owner().pid());
    }

    private static List<Path> overlays(Path vmDir, String checkpoint) throws IOException {
        try (Stream<Path> s = Files.list(vmDir)) {
            return s.filter(f -> f.getFileName().toString().startsWith("fleece-" + checkpoint + "-")).toList();
        }
    }
}
