package io.vmferry.qemu.pve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PveVmConfigTest {
    static final String CONF = """
            #Web server
            #second line
            agent: 1
            boot: order=scsi0;ide2;net0
            cores: 4
            efidisk0: local:101/vm-101-disk-1.qcow2,efitype=4m,pre-enrolled-keys=1,size=528K
            ide2: local:iso/debian-12.iso,media=cdrom,size=628M
            memory: 4096
            name: web1
            net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1
            scsi0: local:101/vm-101-disk-0.qcow2,iothread=1,size=32G
            scsi1: local:101/vm-101-disk-3.qcow2,backup=0,size=100G
            scsihw: virtio-scsi-single
            sockets: 2
            tpmstate0: local:101/vm-101-disk-2.raw,size=4M,version=v2.0
            unused0: local:101/vm-101-disk-9.qcow2
            virtio1: /srv/images/extra.img,size=10G,format=raw
            x-vendor-setting: kept

            [before-upgrade]
            cores: 2
            scsi0: local:101/vm-101-disk-0.qcow2,size=16G
            """;

    @Test
    void parsesTheCurrentSection() {
        PveVmConfig c = PveVmConfig.parse("101.conf", 101, CONF);
        assertEquals("web1", c.name());
        assertEquals(4, c.cores());
        assertEquals(2, c.sockets());
        assertEquals(4096, c.memoryMiB());
        assertEquals("Web server\nsecond line", c.description());
        assertEquals(List.of("before-upgrade"), c.snapshots());
        assertEquals("kept", c.entries().get("x-vendor-setting"));
        assertEquals(List.of("efidisk0", "ide2", "scsi0", "scsi1", "tpmstate0", "unused0", "virtio1"),
                c.disks().stream().map(PveDisk::name).toList());
        assertEquals(List.of("efidisk0", "scsi0", "tpmstate0", "virtio1"),
                c.dataDisks().stream().map(PveDisk::name).toList(), "no CD-ROM, unused or backup=0 disk");
        PveDisk scsi0 = c.disks().get(2);
        assertEquals("scsi", scsi0.bus());
        assertEquals(32L << 30, scsi0.sizeBytes());
        assertEquals("qcow2", scsi0.format());
        assertEquals("1", scsi0.options().get("iothread"));
        assertTrue(c.disks().get(1).cdrom());
        assertEquals(528L << 10, c.disks().get(0).sizeBytes());
        assertEquals("raw", c.disks().get(4).format());
    }

    @Test
    void brokenLinesNameFileAndLine() {
        var e = assertThrows(PveConfigException.class, () -> PveVmConfig.parse("/etc/101.conf", 101,
                "name: a\ncores 4\n"));
        assertEquals("/etc/101.conf:2: expected 'key: value', got 'cores 4'", e.getMessage());
        e = assertThrows(PveConfigException.class, () -> PveVmConfig.parse("x.conf", 1, "scsi0: local:1/a.raw,size=lots\n"));
        assertEquals("x.conf:1: drive scsi0 has a bad size 'lots'", e.getMessage());
        e = assertThrows(PveConfigException.class, () -> PveVmConfig.parse("x.conf", 1, "name: a\nname: b\n"));
        assertEquals("x.conf:2: duplicate key 'name'", e.getMessage());
        e = assertThrows(PveConfigException.class, () -> PveVmConfig.parse("x.conf", 1, "cores: four\n"));
        assertEquals("x.conf: 'cores' is not a number: 'four'", e.getMessage());
        e = assertThrows(PveConfigException.class, () -> PveVmConfig.read(Path.of("/tmp/web.conf")));
        assertEquals("/tmp/web.conf: file name is not <vmid>.conf", e.getMessage());
    }

    @Test
    void resolvesDirStorageVolumes() {
        PveStorageConfig s = PveStorageConfig.parse("storage.cfg", """
                dir: local
                \tpath /var/lib/vz
                \tcontent iso,vztmpl,backup,images

                lvmthin: local-lvm
                \tthinpool data
                \tvgname pve
                """);
        assertEquals(Path.of("/var/lib/vz/images/101/vm-101-disk-0.qcow2"),
                s.resolve("local:101/vm-101-disk-0.qcow2", 101));
        assertEquals(Path.of("/srv/x.img"), s.resolve("/srv/x.img", 101));
        var e = assertThrows(PveConfigException.class, () -> s.resolve("local-lvm:vm-101-disk-0", 101));
        assertEquals("volume 'local-lvm:vm-101-disk-0': storage 'local-lvm' has type 'lvmthin', only 'dir' storages "
                + "are supported", e.getMessage());
        e = assertThrows(PveConfigException.class, () -> s.resolve("nfs1:101/a.raw", 101));
        assertEquals("volume 'nfs1:101/a.raw': storage 'nfs1' is not in storage.cfg", e.getMessage());
        assertFalse(s.storage("local").properties().isEmpty());
    }
}
