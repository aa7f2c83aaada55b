package io.vmferry.snapshot;

import io.vmferry.bus.service.MarkFiles;
import io.vmferry.bus.service.OwnerMark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The VM directories whose snapshot a session of this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /** This process as the holder of {@code checkpoint}. */
    static HolderFile ofThisProcess(String vmKey, String jobId, String checkpoint, String destination,
                                    List<String> disks) {
        return new HolderFile(OwnerMark.thisProcess(), vmKey, jobId, checkpoint, destination, disks);
    }

    /**
     * Claims the VM for this holder (one backup of a VM at a time, whichever process runs it): creates the file in
     * {@code vmDir}, or fails with the reason while another snapshot holds the VM. The file of a holder that died,
     * or one this process let go of ({@link #letGo}), is taken over (the caller then cleans up what it left in QEMU,
     * merging its changes back).
     */
    void claim(Path vmDir) throws IOException {
        Path file = vmDir.resolve(NAME);
        while (!MarkFiles.create(file, this)) {
            Optional<HolderFile> other = read(vmDir);
            if (other.isEmpty()) {
                continue; // released meanwhile
            }
            HolderFile h = other.get();
            boolean mine = h.owner().pid() == ProcessHandle.current().pid();
            if (h.owner().alive() && (!mine || HELD.contains(vmDir.toAbsolutePath()))) {
                throw new VmBusyException("a backup of VM " + vmKey + " is already running in process "
                        + h.owner().pid() + " (" + (h.jobId() == null ? "" : "job " + h.jobId() + ", ")
                        + "destination " + h.destination() + ", snapshot " + h.checkpoint() + ")");
            }
            if (read(vmDir).equals(other)) {
                Files.deleteIfExists(file);
            }
        }
        HELD.add(vmDir.toAbsolutePath());
    }

    /**
     * This process no longer holds the VM, but the file stays (its release left something in QEMU: should this process
     * die, the sweep finds it; a later snapshot here takes it over and cleans up).
     */
    static void letGo(Path vmDir) {
        HELD.remove(vmDir.toAbsolutePath());
    }

    /** The holder file in {@code vmDir}, if any. */
    static Optional<HolderFile> read(Path vmDir) throws IOException {
        return MarkFiles.read(vmDir.resolve(NAME), HolderFile.class);
    }

    static void delete(Path vmDir) throws IOException {
        Files.deleteIfExists(vmDir.resolve(NAME));
        letGo(vmDir);
    }
}
