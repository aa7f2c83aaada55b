package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.api.BackupLevel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePointsTest {
    private static RestorePoint point(long id, BackupLevel level, long parent) {
        Instant t = Instant.parse("2026-11-22T05:30:00Z").plusSeconds(id);
        CatalogPath disk = new CatalogPath(new VmDisk("h", 1, "scsi0"), t, level, id);
        CatalogPath conf = new CatalogPath(new VmDisk("h", 1, "config"), t, level, id);
        return new RestorePoint(id, t, level, parent, List.of(disk, conf), 100);
    }

    @Test
    void chainIsNewestFirstDownToTheFull() {
        RestorePoint f = point(1, BackupLevel.FULL, 0);
        RestorePoint i1 = point(2, BackupLevel.INCREMENTAL, 1);
        RestorePoint d = point(3, BackupLevel.DIFFERENTIAL, 1);
        RestorePoint i2 = point(4, BackupLevel.INCREMENTAL, 3);
        List<RestorePoint> all = List.of(f, i1, d, i2);
        assertEquals(List.of(i2, d, f), RestorePoints.chain(all, i2));
        assertEquals(List.of(f), RestorePoints.chain(all, f));
        assertEquals(1, i2.disks().size());
    }

    @Test
    void missingParent() {
        RestorePoint i = point(5, BackupLevel.INCREMENTAL, 4);
        var e = assertThrows(BaculaException.class, () -> RestorePoints.chain(List.of(i), i));
        assertEquals("restore point 5: parent job 4 is not in the catalog", e.getMessage());
    }
}
