package io.vmferry.bridge.bacula.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bridge.bacula.testing.PrivateBacula;
import io.vmferry.bridge.bacula.testing.PrivateBaculaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures end the Bacula job in error, not "Backup OK -- with warnings": a reader that fails half-way (the
 * journal check in the Job's ClientRunAfterJob fails the job), a bad plugin parameter (the generator's error
 * line and the check put the reason in the job log), and a cancel (the reader's watchdog ends it).
 */
@ExtendWith(PrivateBaculaExtension.class)
class BpipeFailureIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static StandInVmferry vmferry;
    private static Bconsole bconsole;

    @BeforeAll
    static void setUp(PrivateBacula bacula) throws Exception {
        vmferry = StandInVmferry.install(bacula);
        vmferry.addVm(200, "fail", 2 << 20);
        vmferry.addVm(201, "ok", 1 << 20);
        vmferry.addVm(300, "endless", 0);
        String cmd = vmferry.command().toString();
        bacula.addJob("it-fail", cmd, "host=it-host vm=200", true);
        bacula.addJob("it-fail-nocheck", cmd, "host=it-host vm=200", false);
        bacula.addJob("it-good", cmd, "vm=201 quiesce=no", true);
        bacula.addJob("it-badparam", cmd, "vm=201 colour=red", true);
        bacula.addJob("it-endless", cmd, "host=it-host vm=300", true);
        bconsole = bacula.bconsole();
    }

    @Test
    void failingReaderEndsTheJobInError() {
        JobStatus s = bconsole.await(bconsole.run("it-fail", "Full"), JOB_TIMEOUT);
        String log = String.join("\n", bconsole.jobLog(s.jobId()));
        assertEquals('E', s.status(), s.describe() + "\n" + log);
        assertFalse(s.succeeded());
        assertTrue(log.contains("read error at 1 MiB (simulated)"), log);
        assertTrue(log.contains("vmferry: job " + s.jobId() + " failed"), log);
    }

    @Test
    void withoutTheCheckBpipeOnlyWarns() {
        JobStatus s = bconsole.await(bconsole.run("it-fail-nocheck", "Full"), JOB_TIMEOUT);
        assertEquals('T', s.status(), s.describe());
        assertTrue(s.errors() > 0, s.describe());
        assertFalse(s.succeeded(), "JobErrors > 0 must not count as success");
    }

    @Test
    void goodJobSucceedsWithTheCheck() {
        JobStatus s = bconsole.await(bconsole.run("it-good", "Full"), JOB_TIMEOUT);
        assertTrue(s.succeeded(), s.describe() + "\n" + bconsole.jobLog(s.jobId()));
    }

    @Test
    void badPluginParameterFailsTheJobWithTheMessage() {
        JobStatus s = bconsole.await(bconsole.run("it-badparam", "Full"), JOB_TIMEOUT);
        String log = String.join("\n", bconsole.jobLog(s.jobId()));
        assertFalse(s.succeeded(), s.describe());
        assertEquals('E', s.status(), s.describe() + "\n" + log);
        assertTrue(log.contains("unknown plugin parameter 'colour'"), log);
        assertEquals(0, s.bytes());
    }

    @Test
    void cancelEndsTheReader() throws Exception {
        long jobId = bconsole.run("it-endless", "Full");
        Path pidFile = vmferry.state().resolve(jobId + "/it-host/300/scsi0.pid");
        long pid = waitFor(() -> Files.isRegularFile(pidFile) ? Optional.of(pidFile) : Optional.empty(), 60)
                .map(Fs::readLong).orElseThrow();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "reader not running");
        Thread.sleep(1000); // let the stream flow
        assertTrue(bconsole.cancel(jobId));
        Optional<Boolean> gone = waitFor(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                ? Optional.empty() : Optional.of(true), 30);
        assertTrue(gone.isPresent(), "reader " + pid + " still running 30 s after the cancel");
        assertTrue(readersOf(jobId).isEmpty(), "reader processes left: " + readersOf(jobId));
        assertEquals('A', bconsole.status(jobId).status());
        String reason = Files.readString(pidFile.resolveSibling("scsi0.failed"));
        assertTrue(reason.contains("ended on the Director") || reason.contains("has not read"), reason);
    }

    private static List<ProcessHandle> readersOf(long jobId) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains("bacula read") && c.contains(
                    "jobid=" + jobId)).orElse(false)).toList();
        }
    }

    private static <T> Optional<T> waitFor(java.util.function.Supplier<Optional<T>> probe, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Tiny file helper. */
    private static final class Fs {
        static long readLong(Path file) {
            try {
                return Long.parseLong(Files.readString(file).strip());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
