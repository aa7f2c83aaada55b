package io.vmferry.bridge.bacula;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the generator and the readers of a Bacula job record on the client, so that the job's
 * {@code ClientRunAfterJob} check ({@code vmferry bacula check jobid=%i}) can fail the job: bpipe itself only
 * logs a failing reader as a warning ({@code Backup OK -- with warnings}) and catalogs the truncated stream.
 *
 * <p>Layout under the state directory (plain text, so shell stand-ins can write it too):
 * <pre>
 * JOBID/expected                  catalog paths the generator printed, one a line
 * JOBID/job.failed                the generator's one-line error
 * JOBID/HOST/VMID/DISK.pid        the reader's PID while it runs
 * JOBID/HOST/VMID/DISK.ok         written by a reader that finished: "BYTES SHA256"
 * JOBID/HOST/VMID/DISK.failed     a reader's one-line error
 * </pre>
 * A stream without {@code .ok} fails the check, so a reader that was killed or never started is caught too.
 */
public final class JobJournal {
    private final Path root;

    /** A journal under {@code stateDir} (created on first write). */
    public JobJournal(Path stateDir) {
        this.root = stateDir;
    }

    /** The directory of one job. */
    public Path jobDir(long jobId) {
        return root.resolve(Long.toString(jobId));
    }

    /** Records the streams the generator printed for a job. */
    public void expect(long jobId, List<CatalogPath> streams) {
        StringBuilder sb = new StringBuilder();
        streams.forEach(p -> sb.append(p).append('\n'));
        write(jobDir(jobId).resolve("expected"), sb.toString());
    }

    /** Records that the generator failed for a job. */
    public void failJob(long jobId, String message) {
        write(jobDir(jobId).resolve("job.failed"), BaculaException.oneLine(message) + "\n");
    }

    /** Records the PID of the reader of a stream. */
    public void started(CatalogPath stream, long pid) {
        write(file(stream, ".pid"), pid + "\n");
    }

    /** Records that a reader delivered its whole stream. */
    public void succeeded(CatalogPath stream, long bytes, String sha256) {
        write(file(stream, ".ok"), bytes + " " + sha256 + "\n");
    }

    /** Records that a reader failed. */
    public void failed(CatalogPath stream, String message) {
        write(file(stream, ".failed"), BaculaException.oneLine(message) + "\n");
    }

    /** The recorded reader PID of a stream, if any. */
    public Optional<Long> readerPid(CatalogPath stream) {
        return read(file(stream, ".pid")).map(s -> Long.parseLong(s.strip()));
    }

    /** The streams the generator printed for a job, in order; empty when it did not run. */
    public List<CatalogPath> expected(long jobId) {
        return read(jobDir(jobId).resolve("expected")).orElse("").lines().filter(l -> !l.isBlank())
                .map(l -> CatalogPath.parse(l.strip())).toList();
    }

    /** The recorded outcome of a stream's reader: empty while none, else {@code ok ...} or {@code failed MESSAGE}. */
    public Optional<String> outcome(CatalogPath stream) {
        return read(file(stream, ".failed")).map(m -> "failed " + m.strip())
                .or(() -> read(file(stream, ".ok")).map(m -> "ok " + m.strip()));
    }

    /** The directory where the snapshot holder of one VM of a job keeps its files. */
    public Path vmDir(long jobId, String host, int vmid) {
        return jobDir(jobId).resolve(host).resolve(Integer.toString(vmid));
    }

    /** Checks a job: every expected stream finished and nothing recorded a failure. */
    public JournalCheck check(long jobId) {
        List<String> problems = new ArrayList<>();
        read(jobDir(jobId).resolve("job.failed")).ifPresent(m -> problems.add(m.strip()));
        Optional<String> expected = read(jobDir(jobId).resolve("expected"));
        int ok = 0;
        if (expected.isEmpty() && problems.isEmpty()) {
            problems.add("no record of job " + jobId + " in " + root + " (did the generator run on this client?)");
        }
        for (String line : expected.orElse("").lines().filter(l -> !l.isBlank()).toList()) {
            CatalogPath stream = CatalogPath.parse(line.strip());
            Optional<String> failed = read(file(stream, ".failed"));
            if (failed.isPresent()) {
                problems.add(stream + ": " + failed.get().strip());
            } else if (read(file(stream, ".ok")).isEmpty()) {
                problems.add(stream + ": the reader did not finish");
            } else {
                ok++;
            }
        }
        return new JournalCheck(jobId, ok, List.copyOf(problems));
    }

    private Path file(CatalogPath stream, String suffix) {
        var d = stream.disk();
        return jobDir(stream.jobId()).resolve(d.host()).resolve(Integer.toString(d.vmid())).resolve(d.disk() + suffix);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
