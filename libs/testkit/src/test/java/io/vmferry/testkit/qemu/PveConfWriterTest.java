package io.vmferry.testkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Proxmox config text of a lab VM, without QEMU. */
class PveConfWriterTest {

    @Test
    void rendersSortedProxmoxConfigWithSnapshotSection() {
        LabDisk disk = new LabDisk("scsi0", 0, "qcow2", "1G", 1L << 30, Path.of("/x/vm-201-disk-0.qcow2"),
                "local:201/vm-201-disk-0.qcow2");
        LabVmSpec spec = new LabVmSpec(201, "web1", 2, 2048, List.of(disk), List.of("ide2"), true,
                GuestAgentMode.SILENT, "web", Map.of("onboot", "1"), List.of("snap1"), 1700000000L);
        String expectedKeys = """
                agent: 1
                boot: order=scsi0;ide2;net0
                cores: 2
                cpu: x86-64-v2-AES
                ide2: none,media=cdrom
                memory: 2048
                meta: creation-qemu=7.2.0,ctime=1700000000
                name: web1
                net0: virtio=BC:24:11:00:00:C9,bridge=vmbr0,firewall=1
                numa: 0
                onboot: 1
                ostype: l26
                """;
        String tail = """
                scsi0: local:201/vm-201-disk-0.qcow2,iothread=1,size=1G
                scsihw: virtio-scsi-single
                smbios1: uuid=%s
                sockets: 1
                vmgenid: %s
                """;
        String text = PveConfWriter.render(spec);
        String smbios = text.lines().filter(l -> l.startsWith("smbios1: ")).findFirst().orElseThrow().substring(14);
        String vmgenid = text.lines().filter(l -> l.startsWith("vmgenid: ")).findFirst().orElseThrow().substring(9);
        String body = expectedKeys + tail.formatted(smbios, vmgenid);
        String current = body.replace("ostype: l26\n", "ostype: l26\nparent: snap1\n");
        String snapshot = body.replace("sockets: 1\n", "snaptime: 1700000060\nsockets: 1\n");
        assertEquals("#web\n" + current + "\n[snap1]\n" + snapshot, text);
    }

    @Test
    void parsesProxmoxSizes() {
        assertEquals(512, LabDisk.parseSize("512"));
        assertEquals(64L << 10, LabDisk.parseSize("64K"));
        assertEquals(64L << 20, LabDisk.parseSize("64M"));
        assertEquals(1L << 30, LabDisk.parseSize("1G"));
        assertEquals(2L << 40, LabDisk.parseSize("2T"));
        assertThrows(NumberFormatException.class, () -> LabDisk.parseSize("1.5G"));
    }
}
