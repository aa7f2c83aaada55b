package io.vmferry.infra.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bridge.bacula.RestoreRequest;
import io.vmferry.testkit.qemu.LabVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain bconsole restores (not the vmferry CLI) through the real bpipe writer, with vmferry's restore options in
 * {@code where}: a Full + Incremental chain into a new VM (qcow2 images equal to the disks at the Incremental,
 * rewritten config), an existing VM refused unless {@code overwrite_vmid=yes}, a missing chain link, {@code start_vm}
 * without and with {@code qm}, and the original location (refused without {@code overwrite_vmid=yes} or while the VM
 * runs, otherwise the VM's own image rebuilt), and {@code destination=DIR} (the disks as raw images at the newest job of
 * the chain and the VM config in {@code DIR}; refused without a staging directory).
 */
class BaculaRestoreIT extends BaculaLabBase {
    private static final List<String> DISKS = List.of("scsi0", "virtio1");
    private LabVm vm;
    private long full;
    private long incremental;

    @BeforeAll
    void setUp() throws Exception {
        // every command a JVM of its own (no job agent): the path the other Bacula ITs no longer take
        LabVmferry vmferry = LabVmferry.create(lab, bacula, "vmferry", "",
                LabVmferry.qmOnPath(lab) + "VMFERRY_BACULA_AGENT=no\nexport VMFERRY_BACULA_AGENT\n");
        vm = lab.vm(801).name("res1").disk("scsi0", "64M", "qcow2").disk("virtio1", "32M", "qcow2").start();
        lab.vm(802).name("res2").disk("scsi0", "32M", "qcow2").create();
        bacula.addJob("vm801", vmferry.command().toString(), "host=lab vm=801");
        bacula.addJob("vm802", vmferry.command().toString(), "host=lab vm=802");
        vm.writePattern("scsi0", 0x11, 0, 4 * M);
        vm.writePattern("virtio1", 0x12, 2 * M, 2 * M);
        full = backup("vm801", "Full", 'F', vm, DISKS);
        vm.writePattern("scsi0", 0x21, 40 * M, 1 * M);
        vm.writeZeroes("virtio1", 2 * M, 64 * 1024);
        incremental = backup("vm801", "Incremental", 'I', vm, DISKS);
        assertFalse(Files.exists(LabVmferry.agentDir(lab)), "no job agent was started");
    }

    @Test
    void chainIntoNewVmThenRefusedThenOverwritten() throws Exception {
        Path conf = lab.confDir().resolve("9701.conf");
        JobStatus s = restore(chain(), lab.root().resolve("r1") + " new_vmid=9701 new_vm_name=copy1 target_storage=local");
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        String text = Files.readString(conf);
        assertTrue(text.lines().toList().contains("name: copy1"), text);
        for (int i = 0; i < DISKS.size(); i++) {
            String volume = "local:9701/vm-9701-disk-" + i + ".qcow2";
            String disk = DISKS.get(i);
            assertTrue(text.lines().anyMatch(l -> l.startsWith(disk + ": " + volume + ",size=")), text);
            LabVmferry.compare(expected(incremental, disk), "raw",
                    lab.storagePath().resolve("images/9701/vm-9701-disk-" + i + ".qcow2"), "qcow2");
        }
        assertFalse(text.contains("BC:24:11:00:03:21"), "the MAC of VM 801 was kept: " + text);

        s = restore(chain(), lab.root().resolve("r2") + " new_vmid=9701 new_vm_name=copy2");
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("VM 9701 exists (use overwrite_vmid=yes to replace it)"), log(s));
        assertEquals(text, Files.readString(conf));

        s = restore(chain(), lab.root().resolve("r2") + " new_vmid=9701 new_vm_name=copy2 overwrite_vmid=yes");
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        assertTrue(Files.readString(conf).lines().toList().contains("name: copy2"), Files.readString(conf));
    }

    @Test
    void missingChainLinkFailsTheRestore() throws Exception {
        JobStatus s = restore(new RestoreRequest.WholeJobs(List.of(incremental)),
                lab.root().resolve("r3") + " new_vmid=9703");
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("chain link missing: bacula-" + incremental + " of disk scsi0 builds on bacula-"
                + full + ", which was not restored"), log(s));
        assertFalse(Files.exists(lab.confDir().resolve("9703.conf")));
        assertFalse(Files.exists(lab.storagePath().resolve("images/9703/vm-9703-disk-0.qcow2")));
    }

    @Test
    void destinationGetsTheDisksAsRawImagesAndTheConfig() throws Exception {
        Path out = lab.root().resolve("images");
        JobStatus s = restore(chain(), lab.root().resolve("r5") + " destination=" + out);
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        for (String disk : DISKS) {
            LabVmferry.compare(expected(incremental, disk), "raw", out.resolve("801-" + disk + ".raw"), "raw");
        }
        assertEquals(Files.readString(lab.confDir().resolve("801.conf")), Files.readString(out.resolve("801.conf")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("801-scsi0.raw", "801-virtio1.raw", "801.conf"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left");
        }

        s = restore(new RestoreRequest.WholeJobs(List.of(full)), "destination=" + out);
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("restore option 'destination' needs a staging directory first in where"), log(s));
        LabVmferry.compare(expected(incremental, "scsi0"), "raw", out.resolve("801-scsi0.raw"), "raw");
    }

    @Test
    void startVmNeedsQmThenStartsOnceAfterTheRestore() throws Exception {
        String where = lab.root().resolve("r4") + " new_vmid=9702 start_vm=yes";
        JobStatus s = restore(chain(), where);
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("cannot start VM 9702: no 'qm' on PATH (vmferry starts restored VMs with"
                + " Proxmox's 'qm start'; restore without start_vm and start it yourself)"), log(s));
        assertFalse(Files.exists(lab.confDir().resolve("9702.conf")));

        Path calls = LabVmferry.installQm(lab);
        s = restore(chain(), where);
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        LabVmferry.assertNoneLeft("start-vm");
        // two points restored (Full, then Incremental): the VM is built twice and started once, after the job
        Path startLog = lab.root().resolve("r4/.vmferry-start-9702.log");
        assertTrue(Files.exists(calls), "qm never ran; " + startLog + ": "
                + (Files.exists(startLog) ? Files.readString(startLog) : "missing") + "\n" + log(s));
        assertEquals("start 9702 conf=yes\n", Files.readString(calls));
    }

    @Test
    void originalLocationOnlyWhenAllowedAndStopped() throws Exception {
        LabVm stopped = lab.get(802);
        stopped.writePattern("scsi0", 0x31, 0, 3 * M);
        long job = backup("vm802", "Full", 'F', stopped, List.of("scsi0"));
        stopped.writePattern("scsi0", 0x66, 1 * M, 4 * M);
        Path changed = lab.root().resolve("changed-802.raw");
        stopped.copyDiskAsRaw("scsi0", changed);
        Path image = stopped.disk("scsi0").path();

        JobStatus s = restore(new RestoreRequest.WholeJobs(List.of(job)), "");
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("restoring to the original location overwrites the disks of VM 802: allowed only"
                + " with where=\"overwrite_vmid=yes\" (or restore to where=DIR)"), log(s));
        LabVmferry.compare(changed, "raw", image, "qcow2");

        s = restore(new RestoreRequest.WholeJobs(List.of(incremental)), "overwrite_vmid=yes");
        assertEquals('E', s.status(), s.describe());
        assertTrue(log(s).contains("VM 801 is running: stop it before restoring its disks to the original location"),
                log(s));

        s = restore(new RestoreRequest.WholeJobs(List.of(job)), "overwrite_vmid=yes");
        assertTrue(s.succeeded(), s.describe() + "\n" + log(s));
        LabVmferry.compare(expected(job, "scsi0"), "raw", image, "qcow2");
    }

    private static RestoreRequest.Selection chain() {
        return new RestoreRequest.Current("vm801-fs");
    }

    private JobStatus restore(RestoreRequest.Selection selection, String where) {
        return bconsole.await(bconsole.restore(RestoreRequest.of(selection, LabBacula.CLIENT, "RestoreFiles")
                .withWhere(where)), JOB);
    }
}
