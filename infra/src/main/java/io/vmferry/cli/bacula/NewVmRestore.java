package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.ChainAssembler;
import io.vmferry.bridge.bacula.RestorePoint;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.repo.RestoreResult;
import io.vmferry.cli.JobFailedException;
import io.vmferry.cli.UsageException;
import io.vmferry.qemu.pve.PveDisk;
import io.vmferry.qemu.pve.PveStorageConfig;
import io.vmferry.qemu.pve.PveVmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Restores a Bacula point into a new VM in the {@code qemu} layout: each disk of the chain is rebuilt as qcow2 into
 * {@code <storage path>/images/<N>/vm-<N>-disk-<i>.qcow2} (under a temporary name, renamed when all are built),
 * then the backed-up config, rewritten by {@link RestoredVmConfig}, is written atomically as
 * {@code <conf-dir>/<N>.conf} — last, so a VM never appears with missing disks. On any failure the new images and
 * the temporary files are removed and no config is written.
 */
final class NewVmRestore {
    private final Path confDir;
    private final PveStorageConfig storages;
    private final int vmid;
    private final String name;
    private final String targetStorage;
    private final boolean overwrite;
    private final boolean bpipe;

    /**
     * @param name          the new VM name, or null for the original name + {@code -restored}
     * @param targetStorage a {@code dir} storage for every disk, or null for each disk's original storage
     */
    NewVmRestore(Path confDir, PveStorageConfig storages, int vmid, String name, String targetStorage,
                 boolean overwrite) {
        this(confDir, storages, vmid, name, targetStorage, overwrite, false);
    }

    /** @param bpipe messages name the writer's restore options ({@code overwrite_vmid=yes}), not CLI options */
    NewVmRestore(Path confDir, PveStorageConfig storages, int vmid, String name, String targetStorage,
                 boolean overwrite, boolean bpipe) {
        this.bpipe = bpipe;
        this.confDir = confDir;
        this.storages = storages;
        this.vmid = vmid;
        this.name = name;
        this.targetStorage = targetStorage;
        this.overwrite = overwrite;
    }

    /**
     * The checks that need no backup data, made before anything is restored; a {@link UsageException} each.
     * {@code running} tells whether a VM is running: an existing VM is replaced only when asked and stopped.
     */
    void check(IntPredicate running) {
        if (vmid <= 0) {
            throw new UsageException("bad " + option("new_vmid") + " " + vmid);
        }
        if (!overwrite && Files.exists(conf())) {
            throw new UsageException("VM " + vmid + " exists (use " + option("overwrite_vmid") + " to replace it)");
        }
        if (Files.exists(conf()) && running.test(vmid)) {
            throw new UsageException("VM " + vmid + " is running: stop it before replacing it");
        }
        if (targetStorage != null) {
            storageCheck(targetStorage);
        }
    }

    /**
     * Builds the VM from the streams staged under {@code staging} for {@code point}; returns the lines to report.
     */
    List<String> run(Path staging, RestorePoint point, IntPredicate running) throws IOException {
        check(running);
        CatalogPath configPath = point.streams().stream().filter(p -> p.kind() == StreamKind.CONFIG).findFirst()
                .orElseThrow(() -> new JobFailedException("job " + point.jobId() + " holds no VM config stream"
                        + " (include_config=no?): cannot restore into a new VM"));
        String original = Files.readString(staging.resolve(configPath.toString().substring(1)));
        PveVmConfig source = PveVmConfig.parse("config of job " + point.jobId(), configPath.disk().vmid(), original);
        Map<String, PveDisk> drives = new LinkedHashMap<>();
        source.disks().forEach(d -> drives.put(d.name(), d));
        List<Path> built = new ArrayList<>();
        List<Path> placed = new ArrayList<>();
        List<Path> createdDirs = new ArrayList<>();
        List<String> report = new ArrayList<>();
        try {
            Map<String, String> volumes = new LinkedHashMap<>();
            Map<Path, Path> moves = new LinkedHashMap<>();
            int i = 0;
            for (CatalogPath disk : point.disks()) {
                String key = disk.disk().disk();
                PveDisk drive = drives.get(key);
                String storage = targetStorage != null ? targetStorage : storageOf(key, drive);
                storageCheck(storage);
                String volume = storage + ":" + vmid + "/vm-" + vmid + "-disk-" + i++ + ".qcow2";
                Path image = storages.resolve(volume, vmid);
                if (!overwrite && Files.exists(image)) {
                    throw new UsageException("volume " + volume + " (" + image + ") exists"
                            + " (use " + option("overwrite_vmid") + " to replace it)");
                }
                if (!Files.isDirectory(image.getParent())) {
                    Files.createDirectories(image.getParent());
                    createdDirs.add(image.getParent());
                }
                Path tmp = image.resolveSibling("." + image.getFileName() + ".restoring");
                Files.deleteIfExists(tmp);
                built.add(tmp);
                RestoreResult r = ChainAssembler.assemble(staging, disk.disk(), point.jobId(), tmp, "qcow2");
                moves.put(tmp, image);
                volumes.put(key, volume + ",size=" + size(r.virtualSize()));
                report.add("restored " + disk.disk().vmKey() + " " + key + " at job " + point.jobId() + " (chain "
                        + r.chain() + ") to " + volume + " (" + image + ")"
                        + (drive == null ? "; not in the backed-up config, left out of it" : ""));
            }
            String newName = name != null ? name : source.name() + "-restored";
            RestoredVmConfig rewritten = RestoredVmConfig.rewrite(original, newName, volumes, new SecureRandom());
            PveVmConfig.parse("restored config", vmid, rewritten.text());
            rewritten.changes().forEach(c -> report.add("VM " + vmid + ": " + c));
            for (var m : moves.entrySet()) {
                Files.move(m.getKey(), m.getValue(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                placed.add(m.getValue());
            }
            Files.createDirectories(confDir);
            Path tmpConf = confDir.resolve("." + vmid + ".conf.restoring");
            Files.writeString(tmpConf, rewritten.text());
            built.add(tmpConf);
            Files.move(tmpConf, conf(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            report.add("wrote " + conf() + " (VM " + vmid + " '" + newName + "' from VM " + source.vmid()
                    + " at job " + point.jobId() + ")");
            return report;
        } catch (IOException | RuntimeException e) {
            for (Path p : built) {
                Files.deleteIfExists(p);
            }
            for (Path p : placed) {
                Files.deleteIfExists(p);
            }
            for (Path d : createdDirs.reversed()) {
                deleteIfEmpty(d);
            }
            throw e;
        }
    }

    /** How the user spells an option here: {@code --overwrite-vmid} or {@code overwrite_vmid=yes}. */
    private String option(String key) {
        if (!bpipe) {
            return "--" + key.replace('_', '-');
        }
        return key + (key.equals("overwrite_vmid") ? "=yes" : key.equals("new_vmid") ? "" : "=ID");
    }

    Path conf() {
        return confDir.resolve(vmid + ".conf");
    }

    void storageCheck(String id) {
        PveStorageConfig.Storage s = storages.storage(id);
        if (s == null) {
            throw new UsageException("storage '" + id + "' is not in storage.cfg");
        }
        if (!s.type().equals("dir")) {
            throw new UsageException("storage '" + id + "' has type '" + s.type() + "'; only 'dir' storages can"
                    + " take a restored VM");
        }
    }

    private String storageOf(String key, PveDisk drive) {
        if (drive == null || drive.volume().startsWith("/") || drive.volume().indexOf(':') <= 0) {
            throw new UsageException("disk " + key + " has no storage in the backed-up config; give "
                    + option("target_storage"));
        }
        return drive.volume().substring(0, drive.volume().indexOf(':'));
    }

    /** A Proxmox {@code size=} value: the largest exact unit. */
    static String size(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        for (int u = 0; u < units.length; u++) {
            long unit = 1L << (10 * (4 - u));
            if (bytes > 0 && bytes % unit == 0) {
                return bytes / unit + units[u];
            }
        }
        return Long.toString(bytes);
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        }
    }
}
