package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.api.BackupLevel;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogPathTest {

    @Test
    void formatAndParse() {
        CatalogPath p = new CatalogPath(new VmDisk("pve1", 101, "scsi0"), Instant.parse("2026-11-22T05:30:00.999Z"),
                BackupLevel.FULL, 12);
        assertEquals("/@vmferry/pve1/101/scsi0/20261122T053000Z-full-12.vfs", p.toString());
        assertEquals("/@vmferry/pve1/101/scsi0/", p.directory());
        assertEquals(p, CatalogPath.parse(p.toString()));
        assertEquals(StreamKind.DISK, p.kind());
    }

    @Test
    void configAndFirewall() {
        CatalogPath c = CatalogPath.parse("/@vmferry/h/7/config/20261122T053000Z-differential-3.conf");
        assertEquals(StreamKind.CONFIG, c.kind());
        assertEquals(BackupLevel.DIFFERENTIAL, c.level());
        assertEquals(StreamKind.FIREWALL, CatalogPath.parse("/@vmferry/h/7/firewall/20261122T053000Z-full-3.fw").kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/@proxmox/vm-103/scsi0.raw",
        "/@vmferry/h/7/scsi0/20261122T053000Z-full-3.conf",
        "/@vmferry/h/7/config/20261122T053000Z-full-3.vfs",
        "/@vmferry/h/7/scsi0/20261122T053000Z-virtualfull-3.vfs",
        "/@vmferry/h/7/scsi0/20261322T053000Z-full-3.vfs",
        "/@vmferry/h/0/scsi0/20261122T053000Z-full-3.vfs",
        "/@vmferry/h/7/scsi0/20261122T053000Z-full-0.vfs",
        "/@vmferry/h/7/scsi0/20261122T053000Z-full-3.vfs/x",
    })
    void rejects(String path) {
        assertThrows(BaculaException.class, () -> CatalogPath.parse(path));
    }

    @Test
    void diskValidation() {
        assertThrows(IllegalArgumentException.class, () -> new VmDisk("a b", 1, "scsi0"));
        assertThrows(IllegalArgumentException.class, () -> new VmDisk("h", 1, "scsi0:1"));
        assertThrows(IllegalArgumentException.class, () -> new VmDisk("h", -1, "scsi0"));
        assertEquals("h/1", new VmDisk("h", 1, "scsi0").vmKey());
    }
}
