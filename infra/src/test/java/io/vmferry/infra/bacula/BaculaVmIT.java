package io.vmferry.infra.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.testkit.qemu.LabVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Bacula daemons, real QEMU, the real {@code vmferry bacula} generator, reader, holder, writer and check:
 * Full, two Incrementals and a Differential of a running two-disk VM through Bacula jobs, then restores through
 * bconsole of the latest state and of an older job, each equal to the disks at that job; a reader failing
 * mid-stream and a bad plugin parameter fail their jobs.
 */
class BaculaVmIT extends BaculaLabBase {
    private static final List<String> DISKS = List.of("scsi0", "virtio1");
    private LabVmferry vmferry;
    private LabVm vm;

    @BeforeAll
    void setUp() throws Exception {
        vmferry = LabVmferry.create(lab, bacula, "vmferry", "", LabVmferry.qmOnPath(lab));
        LabVmferry failing = LabVmferry.create(lab, bacula, "vmferry-failing",
                "-Dvmferry.bacula.fail-after-bytes=4096", "");
        vm = lab.vm(701).name("bac1").disk("scsi0", "96M", "qcow2").disk("virtio1", "32M", "qcow2").start();
        lab.vm(702).name("bac2").disk("scsi0", "32M", "qcow2").start();
        bacula.addJob("vm701", vmferry.command().toString(), "host=lab vm=701");
        // the failing wrapper's generator emits lines whose readers are the failing wrapper too
        bacula.addJob("vm702-fail", failing.command().toString(), "host=lab vm=702");
        bacula.addJob("vm701-badparam", vmferry.command().toString(), "vm=701 colour=red");
    }

    @Test
    void fullIncrementalsDifferentialRestoreLatestAndOlder() throws Exception {
        List<long[]> jobs = new ArrayList<>();
        vm.writePattern("scsi0", 0x11, 0, 8 * M);
        vm.writePattern("virtio1", 0x12, 4 * M, 2 * M);
        jobs.add(new long[] {backup("Full", 'F')});
        String served = LabVmferry.agentLog(lab);
        for (String request : List.of("plugins host=lab vm=701 Full " + jobs.get(0)[0], "check jobid=" + jobs.get(0)[0],
                "read host=lab vm=701 disk=scsi0 level=full jobid=" + jobs.get(0)[0],
                "read host=lab vm=701 disk=config level=full jobid=" + jobs.get(0)[0])) {
            assertTrue(served.contains("vmferry agent: bacula " + request), "the job agent served " + request + ":\n"
                    + served);
        }
        vm.writePattern("scsi0", 0x21, 2 * M, 64 * 1024);
        vm.writeZeroes("virtio1", 4 * M, 128 * 1024);
        jobs.add(new long[] {backup("Incremental", 'I')});
        vm.writePattern("scsi0", 0x31, 60 * M, 1 * M);
        jobs.add(new long[] {backup("Incremental", 'I')});
        vm.writePattern("virtio1", 0x41, 0, 512 * 1024);
        jobs.add(new long[] {backup("Differential", 'D')});
        JobStatus full = bconsole.status(jobs.get(0)[0]);
        JobStatus incr = bconsole.status(jobs.get(1)[0]);
        assertTrue(incr.bytes() < full.bytes() / 4, "incremental carries only changes: " + incr.describe()
                + " vs " + full.describe());

        LabVmferry.Run points = vmferry.cli("bacula", "points", "--vm", "701", "--json");
        assertEquals(0, points.code(), points.err());
        var levels = new JsonObject(points.out()).getJsonArray("points").stream()
                .map(o -> ((JsonObject) o).getString("level")).toList();
        assertEquals(List.of("full", "incremental", "incremental", "differential"), levels);

        Path latest = lab.root().resolve("restore-latest");
        LabVmferry.Run r = vmferry.cli("bacula", "restore", "--vm", "701", "--to", latest.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        for (String disk : DISKS) {
            compare(expected(jobs.get(3)[0], disk), latest.resolve("701-" + disk + ".raw"));
        }
        assertTrue(LabVmferry.agentLog(lab).contains("vmferry agent: bacula write " + latest.resolve(".vmferry-bacula-"
                + jobs.get(3)[0])), "the restore job's writers went through the job agent");
        Path older = lab.root().resolve("restore-older");
        r = vmferry.cli("bacula", "restore", "--vm", "701", "--jobid", Long.toString(jobs.get(1)[0]), "--to", older.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        for (String disk : DISKS) {
            compare(expected(jobs.get(1)[0], disk), older.resolve("701-" + disk + ".raw"));
        }
        restoreIntoNewVm(jobs.get(3)[0]);
        LabVmferry.assertNoneLeft("hold");
    }

    /** The latest job into new VM 9601: rewritten config, equal qcow2 images, new MAC; refused, then overwritten. */
    private void restoreIntoNewVm(long latestJob) throws Exception {
        Path staging = lab.root().resolve("restore-new");
        Path conf = lab.confDir().resolve("9601.conf");
        LabVmferry.Run r = vmferry.cli("bacula", "restore", "--vm", "701", "--to", staging.toString(), "--new-vmid", "9601");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("net0: MAC "), r.out());
        String text = Files.readString(conf);
        List<String> lines = text.lines().toList();
        assertTrue(lines.contains("name: bac1-restored"), text);
        for (int i = 0; i < DISKS.size(); i++) {
            String disk = DISKS.get(i);
            String volume = "local:9601/vm-9601-disk-" + i + ".qcow2";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(disk + ": " + volume + ",size=")), text);
            Path image = lab.storagePath().resolve("images/9601/vm-9601-disk-" + i + ".qcow2");
            LabVmferry.compare(expected(latestJob, disk), "raw", image, "qcow2");
        }
        String mac = macOf(Files.readString(lab.confDir().resolve("701.conf")));
        assertTrue(!mac.isEmpty() && !mac.equalsIgnoreCase(macOf(text)), mac + " vs " + text);
        assertFalse(Files.exists(staging.resolve(".vmferry-bacula-" + latestJob)), "staging left");

        LabVmferry.Run again = vmferry.cli("bacula", "restore", "--vm", "701", "--to", staging.toString(), "--new-vmid", "9601",
                "--new-vm-name", "other");
        assertEquals(2, again.code(), again.err() + again.out());
        assertEquals("VM 9601 exists (use --overwrite-vmid to replace it)",
                again.err().strip().replaceFirst("^vmferry: (error: )?", ""), again.err());
        assertEquals(text, Files.readString(conf));

        LabVmferry.Run noQm = vmferry.cli("bacula", "restore", "--vm", "701", "--to", staging.toString(),
                "--new-vmid", "9601", "--new-vm-name", "other", "--overwrite-vmid", "--start-vm");
        assertEquals(1, noQm.code(), noQm.err() + noQm.out());
        assertEquals("cannot start VM 9601: no 'qm' on PATH (vmferry starts restored VMs with Proxmox's 'qm start';"
                + " restore without start_vm and start it yourself)",
                noQm.err().strip().replaceFirst("^vmferry: (error: )?", ""), noQm.err());
        assertEquals(text, Files.readString(conf));

        Path calls = LabVmferry.installQm(lab);
        LabVmferry.Run over = vmferry.cli("bacula", "restore", "--vm", "701", "--to", staging.toString(), "--new-vmid", "9601",
                "--new-vm-name", "other", "--overwrite-vmid", "--start-vm");
        assertEquals(0, over.code(), over.err() + over.out());
        assertEquals("start 9601 conf=yes\n", Files.readString(calls));
        assertTrue(Files.readString(conf).lines().toList().contains("name: other"), Files.readString(conf));
        try (Stream<Path> files = Files.list(lab.storagePath().resolve("images/9601"))) {
            assertEquals(List.of("vm-9601-disk-0.qcow2", "vm-9601-disk-1.qcow2"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    private static String macOf(String conf) {
        return conf.lines().filter(l -> l.startsWith("net0: ")).findFirst()
                .map(l -> l.replaceFirst("^net0: [a-z0-9]+=([0-9A-Fa-f:]{17}).*$", "$1")).orElse("");
    }

    @Test
    void readerFailingMidStreamFailsTheJob() throws Exception {
        lab.get(702).writePattern("scsi0", 0x51, 0, 16 * M);
        JobStatus s = bconsole.await(bconsole.run("vm702-fail", "Full"), JOB);
        String log = String.join("\n", bconsole.jobLog(s.jobId()));
        assertEquals('E', s.status(), s.describe() + "\n" + log);
        assertTrue(log.contains("simulated read failure"), log);
        assertTrue(log.contains("vmferry: job " + s.jobId() + " failed"), log);
        LabVmferry.assertNoneLeft("hold");
    }

    @Test
    void badPluginParameterFailsTheJobWithItsMessage() {
        JobStatus s = bconsole.await(bconsole.run("vm701-badparam", "Full"), JOB);
        String log = String.join("\n", bconsole.jobLog(s.jobId()));
        assertEquals('E', s.status(), s.describe() + "\n" + log);
        assertTrue(log.contains("unknown plugin parameter 'colour'"), log);
    }

    private long backup(String level, char expectedLevel) throws Exception {
        return backup("vm701", level, expectedLevel, vm, DISKS);
    }

    private static void compare(Path expected, Path actual) throws Exception {
        LabVmferry.compare(expected, "raw", actual, "raw");
    }
}
