package io.vmferry.snapshot;

import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.qemu.proc.Tether;
import io.vmferry.qemu.proc.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only {@code qemu-nbd} exports of image files in a VM's fleece directory ({@code nbd-<disk>.sock}), each tied
 * to this JVM ({@link Tether}): a killed process must not leave one holding the image's lock. Used for the disks of a
 * stopped VM and for a running VM's volumes that are no QEMU drive (its TPM state).
 */
final class FileExports {
    private final Path dir;
    private final List<Tether> servers = new ArrayList<>();
    private final List<String> disks = new ArrayList<>();

    FileExports(Path dir) {
        this.dir = dir;
    }

    /**
     * Exports {@code file} as {@code exportName} for disk {@code disk}, with the dirty bitmap {@code bitmap} of the
     * image when not null; returns the disk as readers see it once qemu-nbd listens.
     */
    SnapshotDisk export(String disk, long virtualSize, String format, String file, String exportName, String bitmap)
            throws Exception {
        Path socket = dir.resolve("nbd-" + disk + ".sock");
        Path log = dir.resolve("qemu-nbd-" + disk + ".log");
        Files.deleteIfExists(socket);
        List<String> cmd = new ArrayList<>(List.of("qemu-nbd", "--read-only", "--persistent", "--shared=8",
                "--format=" + format, "--socket=" + socket, "--export-name=" + exportName));
        if (bitmap != null) {
            cmd.add("--bitmap=" + bitmap);
        }
        cmd.add(file);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        servers.add(Tether.of(p));
        disks.add(disk);
        if (!UnixSockets.awaitListening(socket, p, Duration.ofSeconds(15))) {
            throw new IllegalStateException("qemu-nbd for disk " + disk + " did not start: "
                    + Files.readString(log).strip());
        }
        return new SnapshotDisk(disk, virtualSize, format, new ExportInfo(socket.toString(), null, 0, exportName,
                bitmap == null ? null : "qemu:dirty-bitmap:" + bitmap, bitmap == null ? 0 : FleeceSession.GRANULARITY));
    }

    /** Stops every export (SIGTERM, SIGKILL after 10 s) and removes its socket and log; returns the failures. */
    List<String> stop() {
        List<String> errors = new ArrayList<>();
        for (Tether server : servers) {
            server.stop(Duration.ofSeconds(10));
        }
        servers.clear();
        for (String disk : disks) {
            try {
                Files.deleteIfExists(dir.resolve("nbd-" + disk + ".sock"));
                Files.deleteIfExists(dir.resolve("qemu-nbd-" + disk + ".log"));
            } catch (IOException e) {
                errors.add("disk " + disk + ": " + e.getMessage());
            }
        }
        disks.clear();
        return errors;
    }
}
