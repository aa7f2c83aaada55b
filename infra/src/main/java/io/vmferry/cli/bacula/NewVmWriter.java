package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.PluginParams;
import io.vmferry.bridge.bacula.RestorePoint;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.JobFailedException;
import io.vmferry.qemu.pve.PveDisk;
import io.vmferry.qemu.pve.PveStorageConfig;
import io.vmferry.qemu.pve.PveVmConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bpipe writer's {@code new_vmid} mode. Every stream is staged and verified under {@code where} as usual; the
 * VM config stream of a job comes after that job's disk streams (the generator prints it last, Bacula restores a
 * job's files in order), so when it arrives the point is complete and {@link NewVmRestore} builds the VM from the
 * staged chain. A restore of several jobs ({@code select current}) rebuilds the VM at each later point; it may
 * replace the VM it built itself (a marker holds the SHA-256 of the config it wrote), never another one unless
 * {@code overwrite_vmid=yes}. With {@code start_vm=yes} a detached {@link StartCommand} starts the VM once the
 * restore job has ended.
 */
final class NewVmWriter {
    private final VmferryConfig config;
    private final PluginParams options;
    private final Path where;
    private final int vmid;

    NewVmWriter(VmferryConfig config, PluginParams options, Path where) {
        this.config = config;
        this.options = options;
        this.where = where;
        this.vmid = options.newVmid().orElseThrow();
    }

    /** The checks made on every stream before it is staged: overwrite refused, a start that could not happen. */
    void check() throws IOException {
        restore().check(id -> Node.running(config, id));
        if (options.startVm()) {
            new VmStarter(vmid).check();
            bconsole();
        }
    }

    /** Builds the VM at the job of {@code configPath} from the streams staged under {@code where}. */
    List<String> build(CatalogPath configPath) throws IOException {
        String original = Files.readString(where.resolve(configPath.toString().substring(1)));
        PveVmConfig source = PveVmConfig.parse("config of job " + configPath.jobId(), configPath.disk().vmid(),
                original);
        List<String> order = source.disks().stream().map(PveDisk::name).toList();
        List<CatalogPath> streams = new ArrayList<>(staged(configPath));
        streams.sort(Comparator.comparing((CatalogPath p) -> order.contains(p.disk().disk())
                ? order.indexOf(p.disk().disk()) : order.size()).thenComparing(p -> p.disk().disk()));
        streams.add(configPath);
        RestorePoint point = new RestorePoint(configPath.jobId(), configPath.time(), configPath.level(), 0,
                List.copyOf(streams), 0);
        NewVmRestore restore = restore();
        List<String> report = new ArrayList<>(restore.run(where, point, id -> Node.running(config, id)));
        Files.writeString(marker(), sha256(Files.readString(restore.conf())) + "\n");
        if (options.startVm()) {
            List<Long> jobs = bconsole().runningRestores().stream().map(s -> s.jobId()).toList();
            if (jobs.isEmpty()) {
                throw new JobFailedException("start_vm=yes: no running restore job on the Director to wait for");
            }
            Path log = where.resolve(".vmferry-start-" + vmid + ".log");
            HoldLauncher.detach("start-vm", VmStarter.argsFor(vmid, jobs, sha256(Files.readString(restore.conf()))),
                    log);
            report.add("VM " + vmid + " starts when restore job " + jobs + " has ended (log: " + log + ")");
        }
        return report;
    }

    /** The disk streams of the job staged under {@code where}. */
    private List<CatalogPath> staged(CatalogPath configPath) throws IOException {
        VmDisk vm = configPath.disk();
        Path dir = where.resolve(CatalogPath.ROOT.substring(1) + vm.host() + "/" + vm.vmid());
        List<CatalogPath> out = new ArrayList<>();
        try (Stream<Path> disks = Files.list(dir)) {
            for (Path d : disks.filter(Files::isDirectory).toList()) {
                String disk = d.getFileName().toString();
                if (StreamKind.forDisk(disk) != StreamKind.DISK) {
                    continue;
                }
                try (Stream<Path> files = Files.list(d)) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-" + configPath.jobId() + ".vfs"))
                            .forEach(n -> out.add(CatalogPath.parse(CatalogPath.directoryOf(
                                    new VmDisk(vm.host(), vm.vmid(), disk)) + n)));
                }
            }
        }
        if (out.isEmpty()) {
            throw new JobFailedException("no disk stream of job " + configPath.jobId() + " of VM " + vm.vmKey()
                    + " was restored before its config: restore the disks with their config");
        }
        return out;
    }

    private NewVmRestore restore() throws IOException {
        boolean own = Files.exists(marker()) && Files.exists(conf())
                && Files.readString(marker()).strip().equals(sha256(Files.readString(conf())));
        return new NewVmRestore(config.hypervisor().confDir(), PveStorageConfig.read(config.hypervisor().storageCfg()),
                vmid, options.newVmName().orElse(null), options.storage().orElse(null),
                options.overwriteVmid() || own, true);
    }

    private Bconsole bconsole() {
        return Node.bconsole(config.bacula(), Duration.ofSeconds(30)).orElseThrow(() -> new JobFailedException(
                "start_vm=yes needs bacula.bconsole-config on this node to learn when the restore job has ended"));
    }

    private Path conf() {
        return config.hypervisor().confDir().resolve(vmid + ".conf");
    }

    private Path marker() {
        return where.resolve(".vmferry-new-vm-" + vmid + ".sha256");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
