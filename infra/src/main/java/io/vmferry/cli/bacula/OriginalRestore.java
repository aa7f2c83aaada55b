package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.ChainAssembler;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.cli.JobFailedException;
import io.vmferry.qemu.pve.PveDisk;
import io.vmferry.qemu.pve.PveStorageConfig;
import io.vmferry.qemu.pve.PveVmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The bpipe writer's original-location mode ({@code where} empty, {@code /}, or options only): the disk streams of
 * the chain are staged under {@code STATE/restores} and each disk stream rebuilds the VM's own image at its job
 * (built next to it under a temporary name, then renamed over it), so after the chain's last stream the disk is
 * at the restored point. Refused unless {@code overwrite_vmid=yes}, while the VM runs, and for a VM or disk this
 * node no longer has. The VM config is left as it is.
 */
final class OriginalRestore {
    private final VmferryConfig config;

    OriginalRestore(VmferryConfig config) {
        this.config = config;
    }

    /** Where the streams of the chain are staged. */
    Path staging() {
        return config.bacula().stateDir().resolve("restores");
    }

    /** The checks made before a stream is staged. */
    void check(CatalogPath path, boolean overwrite) throws Exception {
        int vmid = path.disk().vmid();
        if (!overwrite) {
            throw new JobFailedException("restoring to the original location overwrites the disks of VM " + vmid
                    + ": allowed only with where=\"overwrite_vmid=yes\" (or restore to where=DIR)");
        }
        VmInfo vm = Node.vmOrNull(config, vmid);
        if (vm == null) {
            throw new JobFailedException("VM " + vmid + " is not on this node: restore it with where=\"DIR new_vmid="
                    + vmid + "\"");
        }
        if (vm.running()) {
            throw new JobFailedException("VM " + vmid + " is running: stop it before restoring its disks to the"
                    + " original location");
        }
    }

    /** Drops older staged streams of a disk when a full starts a new chain. */
    void startChain(Path staged) throws IOException {
        try (Stream<Path> s = Files.list(staged.getParent())) {
            for (Path f : s.filter(f -> !f.equals(staged) && f.getFileName().toString().endsWith(".vfs")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Rebuilds the VM's image of {@code path}'s disk at its job from the staged chain; returns the report line. */
    String rebuild(CatalogPath path) throws IOException {
        int vmid = path.disk().vmid();
        PveVmConfig vm = PveVmConfig.read(config.hypervisor().confDir().resolve(vmid + ".conf"));
        PveDisk drive = vm.disks().stream().filter(d -> d.name().equals(path.disk().disk())).findFirst()
                .orElseThrow(() -> new JobFailedException("VM " + vmid + " has no disk " + path.disk().disk()
                        + " any more: restore it with where=DIR"));
        Path image = PveStorageConfig.read(config.hypervisor().storageCfg()).resolve(drive.volume(), vmid);
        String format = image.getFileName().toString().endsWith(".qcow2") ? "qcow2" : "raw";
        Path tmp = image.resolveSibling("." + image.getFileName() + ".restoring");
        Files.deleteIfExists(tmp);
        try {
            var r = ChainAssembler.assemble(staging(), path.disk(), path.jobId(), tmp, format);
            Files.move(tmp, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return "restored " + path.disk().vmKey() + " " + path.disk().disk() + " at job " + path.jobId()
                    + " (chain " + r.chain() + ") over " + drive.volume() + " (" + image + ")";
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
