package io.vmferry.snapshot;

import io.vmferry.bus.service.MarkFiles;
import io.vmferry.bus.service.OwnerMark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a running VM's snapshot: {@code <fleece-dir>/<vmid>/holder}, written before the snapshot changes anything
 * in QEMU and removed once it is released without error. A holder file whose process is gone marks what a killed run
 * left in QEMU (export, fleecing job and node, frozen bitmaps, overlay files) for {@link OrphanSweep}.
 *
 * @param owner       the process that holds the snapshot
 * @param vmKey       the VM ({@code host/vmid})
 * @param jobId       the bus job the snapshot belongs to; null for a snapshot taken without the bus (Bacula's holder)
 * @param checkpoint  the snapshot's checkpoint
 * @param destination its destination (names its bitmaps)
 * @param disks       the VM's disks (name its fleecing nodes, jobs and exports)
 */
record HolderFile(OwnerMark owner, String vmKey, String jobId, String checkpoint, String destination,
                  List<String> disks) {
    static final String NAME = "holder";

    /** This process as the holder of {@code checkpoint}. */
    static HolderFile ofThisProcess(String vmKey, String jobId, String checkpoint, String destination,
                                    List<String> disks) {
        return new HolderFile(OwnerMark.thisProcess(), vmKey, jobId, checkpoint, destination, disks);
    }

    /** Writes the file into {@code vmDir} atomically. */
    void write(Path vmDir) throws IOException {
        MarkFiles.write(vmDir.resolve(NAME), this);
    }

    /** The holder file in {@code vmDir}, if any. */
    static Optional<HolderFile> read(Path vmDir) throws IOException {
        return MarkFiles.read(vmDir.resolve(NAME), HolderFile.class);
    }

    static void delete(Path vmDir) throws IOException {
        Files.deleteIfExists(vmDir.resolve(NAME));
    }
}
