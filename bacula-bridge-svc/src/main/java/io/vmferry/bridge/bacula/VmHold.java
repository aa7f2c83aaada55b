package io.vmferry.bridge.bacula;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The files through which the readers, the snapshot holder and the check of one VM in one Bacula job talk
 * ({@code STATE/JOBID/HOST/VMID/hold/}). bpipe runs the readers of a job one after the other, each its own
 * process, but all disks of a VM must come from one snapshot: the first reader starts a holder process that
 * takes the snapshot and keeps it until the VM's last disk stream ended (or the check asks, or the job is gone).
 * <pre>
 * pid        the holder's PID
 * ready.json the snapshot (exports, level, parent point) once taken
 * failed     why the snapshot could not be taken
 * release    written by the check: release now
 * released   written by the holder when it let go: "ok" or "failed", then one release error per line
 * holder.log the holder's stderr
 * </pre>
 */
public final class VmHold {
    private final Path dir;

    /** The hold of VM {@code host/vmid} in job {@code jobId}. */
    public VmHold(JobJournal journal, long jobId, String host, int vmid) {
        this.dir = journal.vmDir(jobId, host, vmid).resolve("hold");
    }

    /** The directory (created on first write). */
    public Path dir() {
        return dir;
    }

    /** A file of the hold. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Reads a file, if present. */
    public Optional<String> read(String name) {
        try {
            return Optional.of(Files.readString(file(name), StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file atomically. */
    public void write(String name, String text) {
        try {
            Files.createDirectories(dir);
            Path tmp = file(name + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(name), e);
        }
    }

    /** True when a holder process recorded here is alive. */
    public boolean holderAlive() {
        return read("pid").flatMap(p -> ProcessHandle.of(Long.parseLong(p.strip()))).map(ProcessHandle::isAlive)
                .orElse(false);
    }

    /** True once the holder let go of the snapshot. */
    public boolean released() {
        return Files.exists(file("released"));
    }

    /** Records the release: success and the errors. */
    public void markReleased(boolean success, List<String> errors) {
        StringBuilder sb = new StringBuilder(success ? "ok\n" : "failed\n");
        errors.forEach(e -> sb.append(BaculaException.oneLine(e)).append('\n'));
        write("released", sb.toString());
    }

    /** Release errors recorded by the holder. */
    public List<String> releaseErrors() {
        return read("released").map(s -> s.lines().skip(1).filter(l -> !l.isBlank()).toList()).orElse(List.of());
    }
}
