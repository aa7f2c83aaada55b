package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.ChainAssembler;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.bridge.repo.AtomicFiles;
import io.vmferry.bridge.repo.RestoreResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bpipe writer's {@code destination=DIR} mode: a plain bconsole restore leaves ready-to-use files in {@code DIR},
 * named as {@code vmferry bacula restore --to DIR} names them. Each disk stream, once staged and verified under
 * {@code where}, is rebuilt with the chain staged before it into {@code DIR/<vmid>-<disk>.raw} (sparse); the VM
 * config becomes {@code DIR/<vmid>.conf}, the firewall rules {@code DIR/<vmid>.fw}. A restore of several jobs
 * ({@code select current}) rebuilds each disk at every job of the chain in turn, so the files end at the newest.
 * Every file is written under a temporary name and renamed over the previous one.
 */
final class DestinationWriter {
    private DestinationWriter() {
    }

    /** Writes the file {@code staged} (the stream of {@code path}, under {@code where}) stands for into {@code dir}. */
    static String write(Path where, CatalogPath path, Path staged, Path dir) throws IOException {
        Files.createDirectories(dir);
        VmDisk disk = path.disk();
        Path out = dir.resolve(path.kind() == StreamKind.DISK ? disk.imageFileName()
                : disk.vmid() + path.kind().extension());
        String what;
        if (path.kind() == StreamKind.DISK) { // the restorer refuses an existing target: a new file, renamed over out
            Path part = out.resolveSibling("." + out.getFileName() + ".part-" + AtomicFiles.randomSuffix());
            try {
                RestoreResult r = ChainAssembler.assemble(where, disk, path.jobId(), part);
                AtomicFiles.rename(part, out);
                what = "disk " + disk.disk() + " at job " + path.jobId() + " (chain " + r.chain() + ")";
            } finally {
                Files.deleteIfExists(part);
            }
        } else {
            AtomicFiles.write(out, Files.readAllBytes(staged));
            what = path.kind() == StreamKind.CONFIG ? "the VM config" : "the firewall rules";
        }
        return "wrote " + what + " of VM " + disk.vmKey() + " to " + out;
    }
}
