package io.vmferry.snapshot;

import io.vmferry.bus.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a running VM's snapshot: {@code <fleece-dir>/<vmid>/holder}, written before the snapshot changes anything
 * in QEMU and removed once it is released without error. A holder file whose process is gone marks what a killed run
 * left in QEMU (export, fleecing job and node, frozen bitmaps, overlay files) for {@link OrphanSweep}.
 *
 * @param pid         the process that holds the snapshot
 * @param started     when that process started (a later process with the same PID is not the holder)
 * @param checkpoint  the snapshot's checkpoint
 * @param destination its destination (names its bitmaps)
 * @param disks       the VM's disks (name its fleecing nodes, jobs and exports)
 */
record HolderFile(long pid, Instant started, String checkpoint, String destination, List<String> disks) {
    static final String NAME = "holder";

    /** This process as the holder of {@code checkpoint}. */
    static HolderFile ofThisProcess(String checkpoint, String destination, List<String> disks) {
        ProcessHandle me = ProcessHandle.current();
        return new HolderFile(me.pid(), me.info().startInstant().orElse(null), checkpoint, destination, disks);
    }

    /** True while the holder's process runs. */
    boolean alive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> Objects.equals(p.info().startInstant().orElse(null), started)).orElse(false);
    }

    /** Writes the file into {@code vmDir} atomically (a temp name, then renamed). */
    void write(Path vmDir) throws IOException {
        Files.createDirectories(vmDir);
        Path tmp = vmDir.resolve(NAME + ".tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(this));
        Files.move(tmp, vmDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The holder file in {@code vmDir}, if any; an unreadable one is reported as a problem. */
    static Optional<HolderFile> read(Path vmDir) throws IOException {
        Path file = vmDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), HolderFile.class));
        } catch (IOException e) {
            throw new IOException(file + " is not a holder file: " + Json.firstLine(e.getMessage()), e);
        }
    }

    static void delete(Path vmDir) throws IOException {
        Files.deleteIfExists(vmDir.resolve(NAME));
    }
}
