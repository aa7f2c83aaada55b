package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.ChainApplier;
import io.vmferry.bridge.bacula.RestoreWhere;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.repo.AtomicFiles;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.StreamFileReceiver;
import io.vmferry.stream.api.StreamHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula write WHERE REPLACE CATALOG-PATH [KEY=VALUE...]}: the bpipe writer. Bacula delivers the chain
 * one stream per run, full first, then each later job in order. Each stream is verified (every frame CRC, the
 * trailer's SHA-256, header against the path) and stored as {@code DIR/CATALOG-PATH}; then, as {@code WHERE}
 * ({@link RestoreWhere}: a directory and restore options, bpipe's only channel at restore time) asks:
 * <ul>
 * <li>a directory only: nothing more; but when {@code vmferry bacula restore --to} marked the directory
 *     ({@link ChainApplier}), a disk stream is applied to the disk's image there instead of being stored;</li>
 * <li>{@code new_vmid=N}: the config stream of each job builds VM N from the chain ({@link NewVmWriter});</li>
 * <li>{@code destination=DIR}: each stream is also written as a file in {@code DIR}, disks rebuilt from the chain
 *     ({@link DestinationWriter});</li>
 * <li>no directory: the original location, each disk stream rebuilds the VM's own image ({@link OriginalRestore},
 *     only with {@code overwrite_vmid=yes}).</li>
 * </ul>
 * {@code REPLACE} {@code n} keeps an existing staged file. The trailing {@code KEY=VALUE}s are the defaults the
 * generator baked in from the plugin string. Any failure prints one line and exits 1, which fails the restore job.
 */
@Command(name = "write", description = "bpipe writer: verify one restored stream, stage it, rebuild as WHERE asks.")
final class WriteCommand implements Callable<Integer> {
    @ParentCommand
    BaculaCommand bacula;

    @Parameters(index = "0", paramLabel = "WHERE")
    String where;

    @Parameters(index = "1", paramLabel = "REPLACE")
    String replace;

    @Parameters(index = "2", paramLabel = "CATALOG-PATH")
    String catalogPath;

    @Parameters(index = "3..*", paramLabel = "KEY=VALUE")
    List<String> defaults = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        BaculaIo io = bacula.io;
        InputStream stdin = io.dataIn();
        java.io.PrintStream out = io.out();
        String what = catalogPath;
        try {
            CatalogPath path = CatalogPath.parse(catalogPath);
            what = path.toString();
            RestoreWhere target = RestoreWhere.parse(where, defaults);
            VmferryConfig config = bacula.config();
            NewVmWriter newVm = null;
            OriginalRestore original = null;
            Path images = null;
            Path dir;
            if (target.originalLocation()) {
                original = new OriginalRestore(config);
                original.check(path, target.options().overwriteVmid());
                dir = original.staging();
            } else {
                dir = Path.of(target.directory().orElseThrow());
                images = target.options().destination().map(Path::of).orElse(null);
                if (target.options().newVmid().isPresent()) {
                    newVm = new NewVmWriter(config, target.options(), dir);
                    newVm.check();
                }
            }
            if (original == null && newVm == null && images == null && path.kind() == StreamKind.DISK
                    && ChainApplier.requested(dir)) { // vmferry bacula restore --to: the image, not the stream
                out.println("vmferry: " + ChainApplier.apply(stdin, path, dir));
                out.flush();
                return 0;
            }
            Path file = dir.resolve(catalogPath.substring(1));
            if (replace.equals("n") && Files.exists(file) && original == null) {
                drain(stdin);
                io.err().println("vmferry: " + file + " exists, kept (replace=never)");
                return 0;
            }
            out.println("vmferry: restored " + path + " (" + stage(stdin, path, file) + ")");
            if (images != null) {
                out.println("vmferry: " + DestinationWriter.write(dir, path, file, images));
            }
            if (newVm != null && path.kind() == StreamKind.CONFIG) {
                newVm.build(path).forEach(l -> out.println("vmferry: " + l));
            }
            if (original != null && path.kind() == StreamKind.DISK) {
                if (path.level() == BackupLevel.FULL) {
                    original.startChain(file);
                }
                out.println("vmferry: " + original.rebuild(path));
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            drain(stdin);
            io.err().println("vmferry: " + what + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return 1;
        }
    }

    /**
     * Copies stdin to {@code file} under a temporary name, verifying a disk stream as it arrives (one pass, see
     * {@link StreamFileReceiver}), renames; returns a summary.
     */
    private static String stage(InputStream stdin, CatalogPath path, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part-" + AtomicFiles.randomSuffix());
        try {
            String what;
            try (InputStream in = stdin) {
                if (path.kind() == StreamKind.DISK) {
                    StreamFileReceiver.Received r = StreamFileReceiver.receive(in, part);
                    StreamHeader h = r.header();
                    path.checkHolds(h);
                    what = h.level().label() + " stream of " + h.jobId() + ", " + r.bytes() + " bytes, sha256 "
                            + r.trailer().sha256();
                } else {
                    what = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING) + " bytes";
                }
            }
            AtomicFiles.rename(part, file);
            return what;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // stdin already closed: nothing left to drain
        }
    }
}
