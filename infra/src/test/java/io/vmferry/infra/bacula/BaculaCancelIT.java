package io.vmferry.infra.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bridge.bacula.PointLedger;
import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.testkit.qemu.LabLeftovers;
import io.vmferry.testkit.qemu.LabVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Bacula backup of a running lab VM stopped mid-stream: by {@code cancel jobid=N}, with the process that
 * holds the snapshot (the job agent) killed by SIGKILL, and by the Storage Daemon dying (the job must end in error, not canceled). Readers stall after their first 64 bytes (test hook {@code vmferry.bacula.pause-after-bytes}), so the
 * cancel hits a job whose reader is alive and whose snapshot is held. Afterwards no reader or holder process is left,
 * QEMU holds no export, job, fleecing node or frozen bitmap, and the next Incremental still carries every change
 * (a restore of it equals the disk).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaculaCancelIT extends BaculaLabBase {
    private LabVmferry vmferry;
    private JobJournal journal;
    private LabVm vm;

    @BeforeAll
    void setUp() throws Exception {
        vmferry = LabVmferry.create(lab, bacula, "vmferry", "", "");
        LabVmferry pausing = LabVmferry.create(lab, bacula, "vmferry-pausing",
                "-Dvmferry.bacula.pause-after-bytes=64", "");
        journal = new JobJournal(lab.root().resolve("state"));
        vm = lab.vm(901).name("can1").disk("scsi0", "64M", "qcow2").start();
        bacula.addJob("vm901", vmferry.command().toString(), "host=lab vm=901");
        bacula.addJob("vm901-pause", pausing.command().toString(), "host=lab vm=901");
    }

    @Test
    @Order(1)
    void cancelMidStreamLeavesNoReaderNoSnapshotAndLosesNoChange() throws Exception {
        vm.writePattern("scsi0", 0x11, 0, 8 * M);
        backup("Full", 'F');
        vm.writePattern("scsi0", 0x22, 10 * M, 2 * M);
        long job = stalledJob();
        assertTrue(bconsole.cancel(job), "cancel jobid=" + job);
        JobStatus s = bconsole.await(job, JOB);
        assertEquals('A', s.status(), s.describe());
        assertCleanThenIncrementalHoldsEveryChange(0x33);
    }

    @Test
    @Order(2)
    void holderKilledThenTheNextJobStillWorks() throws Exception {
        long job = stalledJob();
        VmHold hold = new VmHold(journal, job, "lab", vm.vmid());
        long pid = Long.parseLong(hold.read("pid").orElseThrow().strip());
        ProcessHandle holder = ProcessHandle.of(pid).orElseThrow();
        // the process that holds the snapshot: the job agent, whose thread holds it (or a holder process of its own)
        String cmdline = LabVmferry.cmdline(pid);
        assertTrue(cmdline.contains(" bacula agent ") || cmdline.contains(" bacula hold jobid=" + job + " "), cmdline);
        holder.destroyForcibly();
        holder.onExit().get(30, TimeUnit.SECONDS);
        vm.writePattern("scsi0", 0x44, 30 * M, 1 * M);
        assertTrue(bconsole.cancel(job), "cancel jobid=" + job);
        JobStatus s = bconsole.await(job, JOB);
        assertTrue(s.terminated() && !s.succeeded(), s.describe());
        LabVmferry.assertNoneLeft("read");
        LabVmferry.assertNoneLeft("hold");
        // nobody released the dead holder's snapshot: the next backup of the VM cleans it up first
        incrementalHoldsEveryChange(0x55);
    }

    @Test
    @Order(3)
    void storageDaemonKilledMidJobFailsTheJobAndReleasesTheSnapshot() throws Exception {
        long job = stalledJob();
        vm.writePattern("scsi0", 0x66, 40 * M, 1 * M);
        ProcessHandle sd = ProcessHandle.of(bacula.pid("sd")).orElseThrow();
        sd.destroyForcibly();
        sd.onExit().get(30, TimeUnit.SECONDS);
        // the FD loses the SD ("Network send error to SD"), the reader gives up (stall timeout), the check fails the
        // job; the Director itself keeps the job "running with a fatal error" while its SD is gone
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        String failed = "vmferry: job " + job + " failed";
        while (!String.join("\n", bconsole.jobLog(job)).contains(failed)) {
            assertTrue(System.nanoTime() < deadline, "the check never failed job " + job + ":\n"
                    + String.join("\n", bconsole.jobLog(job)));
            Thread.sleep(500);
        }
        String log = String.join("\n", bconsole.jobLog(job));
        assertTrue(log.contains("Network send error to SD"), log);
        assertClean();
        bacula.restart();
        JobStatus s = bconsole.status(job);
        assertTrue(!s.succeeded(), s.describe());
        incrementalHoldsEveryChange(0x77);
    }

    /**
     * A job whose snapshot was released as a success and that failed afterwards (here: a canceled job recorded as
     * pending, as its holder would have) never becomes a parent: the next Incremental is a full, says why, and
     * restores equal to the disk; the one after builds on it again.
     */
    @Test
    @Order(4)
    void aJobThatFailedAfterItsReleaseMakesTheNextBackupAFull() throws Exception {
        long failed = stalledJob();
        assertTrue(bconsole.cancel(failed), "cancel jobid=" + failed);
        assertEquals('A', bconsole.await(failed, JOB).status());
        assertClean();
        PointLedger ledger = new PointLedger(lab.root().resolve("state"));
        ledger.pending("lab", 901, PointLedger.pointId(failed), BackupLevel.INCREMENTAL, null);
        vm.writePattern("scsi0", 0x88, 50 * M, 1 * M);
        long full = backup("Incremental", 'I');
        String log = String.join("\n", bconsole.jobLog(full));
        assertTrue(log.contains("Bacula job " + failed + " of this VM failed after its snapshot was released")
                && log.contains("this backup is a full"), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ledger.lost("lab", 901).isPresent()) { // the holder records the full once the Director says it ended
            assertTrue(System.nanoTime() < deadline, "still lost: " + ledger.lost("lab", 901));
            Thread.sleep(200);
        }
        Path to = lab.root().resolve("restore-" + full);
        LabVmferry.Run r = vmferry.cli("bacula", "restore", "--vm", "901", "--to", to.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        LabVmferry.compare(expected(full), "raw", to.resolve("901-scsi0.raw"), "raw");
        incrementalHoldsEveryChange(0x99);
    }

    /**
     * A ledger whose last point was taken at another snapshot than the one QEMU's tracked changes start at (restored
     * from an older copy, or a second state directory): the next Incremental is a full that says why, and restores.
     */
    @Test
    @Order(5)
    void aLedgerParentTakenAtAnotherSnapshotMakesTheNextBackupAFull() throws Exception {
        Path last = lab.root().resolve("state/vms/lab/901/last");
        String[] entry = Files.readString(last).strip().split(" ");
        assertEquals(2, entry.length, "the ledger records the point's snapshot: " + String.join(" ", entry));
        Files.writeString(last, entry[0] + " 20200101T000000Z-dead\n");
        vm.writePattern("scsi0", 0xaa, 52 * M, 1 * M);
        long full = backup("Incremental", 'I');
        String log = String.join("\n", bconsole.jobLog(full));
        assertTrue(log.contains("incremental upgraded to full: the changes QEMU tracked start at snapshot ")
                && log.contains("was taken at snapshot 20200101T000000Z-dead"), log);
        Path to = lab.root().resolve("restore-" + full);
        LabVmferry.Run r = vmferry.cli("bacula", "restore", "--vm", "901", "--to", to.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        LabVmferry.compare(expected(full), "raw", to.resolve("901-scsi0.raw"), "raw");
    }

    /** A job of the pausing wrapper, once its reader has sent 64 bytes and stalls with the snapshot held. */
    private long stalledJob() throws Exception {
        long job = bconsole.run("vm901-pause", "Incremental");
        Path paused = journal.jobDir(job).resolve("paused-scsi0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(paused)) {
            JobStatus s = bconsole.status(job);
            assertTrue(!s.terminated() && System.nanoTime() < deadline, "the reader never stalled: " + s.describe()
                    + "\n" + log(s));
            Thread.sleep(200);
        }
        return job;
    }

    private void assertCleanThenIncrementalHoldsEveryChange(int pattern) throws Exception {
        assertClean();
        incrementalHoldsEveryChange(pattern);
    }

    /** No reader or holder process, and (soon) nothing of vmferry's left in QEMU or the fleece directory. */
    private void assertClean() throws Exception {
        LabVmferry.assertNoneLeft("read");
        LabVmferry.assertNoneLeft("hold");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));
                break;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private void incrementalHoldsEveryChange(int pattern) throws Exception {
        vm.writePattern("scsi0", pattern, 20 * M, 1 * M);
        long incremental = backup("Incremental", 'I');
        LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));
        Path to = lab.root().resolve("restore-" + incremental);
        LabVmferry.Run r = vmferry.cli("bacula", "restore", "--vm", "901", "--to", to.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        LabVmferry.compare(expected(incremental), "raw", to.resolve("901-scsi0.raw"), "raw");
    }

    private long backup(String level, char expectedLevel) throws Exception {
        return backup("vm901", level, expectedLevel, vm, List.of("scsi0"));
    }

    private Path expected(long jobId) {
        return expected(jobId, "scsi0");
    }
}
