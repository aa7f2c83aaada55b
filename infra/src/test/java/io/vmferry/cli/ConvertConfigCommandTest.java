package io.vmferry.cli;

import io.vmferry.infra.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmferry convert-config}: translation on stdout or to a file, warnings on stderr. */
class ConvertConfigCommandTest {
    static final String VMX = """
            .encoding = "UTF-8"
            config.version = "8"
            virtualHW.version = "14"
            displayName = "web01"
            guestOS = "ubuntu-64"
            numvcpus = "2"
            memsize = "2048"
            scsi0.present = "TRUE"
            scsi0.virtualDev = "pvscsi"
            scsi0:0.present = "TRUE"
            scsi0:0.fileName = "web01.vmdk"
            ethernet0.present = "TRUE"
            ethernet0.virtualDev = "vmxnet3"
            ethernet0.networkName = "VM Network"
            ethernet0.addressType = "generated"
            ethernet0.generatedAddress = "00:0c:29:5e:9a:41"
            sched.mem.min = "1024"
            """;

    @TempDir
    Path dir;
    Path vmx;

    @BeforeEach
    void vmx() throws Exception {
        vmx = Files.writeString(dir.resolve("web01.vmx"), VMX);
    }

    @Test
    void vmxToProxmoxOnStdoutWithWarningsOnStderr() {
        CliRun r = CliRun.run("convert-config", vmx.toString(), "--to", "pve", "--vmid", "120", "--storage", "local-lvm",
                "--network-map", "VM Network=vmbr0");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("memory: 2048\n"), r::toString);
        assertTrue(r.out().contains("name: web01\n"), r::toString);
        assertTrue(r.out().contains("scsihw: pvscsi\n"), r::toString);
        assertTrue(r.out().contains("scsi0: local-lvm:vm-120-disk-0"), r::toString);
        assertTrue(r.out().contains("bridge=vmbr0"), r::toString);
        assertTrue(r.err().contains("warning: setting sched.mem.min = \"1024\" (line 17) is not translated"), r::toString);
    }

    @Test
    void writesAtomicallyWithOAndRefusesToOverwrite() throws Exception {
        Path conf = dir.resolve("120.conf");
        CliRun r = CliRun.run("convert-config", vmx.toString(), "--to", "pve", "--network-map", "VM Network=vmbr0",
                "-o", conf.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out());
        assertTrue(Files.readString(conf).contains("cores: "), r::toString);
        CliRun again = CliRun.run("convert-config", vmx.toString(), "--to", "pve", "--network-map", "VM Network=vmbr0",
                "-o", conf.toString());
        assertEquals(2, again.code(), again::toString);
        assertEquals(2, ImageFixtures.files(dir).size(), "no temporary file left");
    }

    @Test
    void proxmoxToHyperVPowerShell() throws Exception {
        Path conf = Files.writeString(dir.resolve("120.conf"), """
                bios: ovmf
                cores: 2
                memory: 4096
                name: win1
                net0: virtio=BC:24:11:00:00:01,bridge=vmbr0
                ostype: win11
                scsi0: local-lvm:vm-120-disk-0,size=32G
                scsihw: virtio-scsi-single
                """);
        CliRun r = CliRun.run("convert-config", conf.toString(), "--to", "hyperv", "--powershell",
                "--network-map", "vmbr0=External");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("New-VM"), r::toString);
        assertTrue(r.out().contains("-Generation 2"), r::toString);
    }

    @Test
    void badUsageAndUntranslatableInputAreExitTwo() throws Exception {
        CliRun unmapped = CliRun.run("convert-config", vmx.toString(), "--to", "pve");
        assertEquals(2, unmapped.code(), unmapped::toString);
        assertTrue(unmapped.err().startsWith("vmferry: ") && unmapped.err().contains("network_map"), unmapped::toString);
        CliRun ps = CliRun.run("convert-config", vmx.toString(), "--to", "pve", "--powershell");
        assertEquals(2, ps.code(), ps::toString);
        CliRun to = CliRun.run("convert-config", vmx.toString(), "--to", "xen");
        assertEquals(2, to.code(), to::toString);
        CliRun missing = CliRun.run("convert-config", dir.resolve("none.vmx").toString(), "--to", "pve");
        assertEquals(2, missing.code(), missing::toString);
        assertFalse(missing.err().strip().contains("\n"), missing::toString);
    }
}
