package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamHeader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain applied oldest first as Bacula delivers it: full, incremental, differential (over the incremental),
 * incremental; after each stream the image equals the disk at that point, byte for byte (expected images kept by
 * hand here). A stream that does not continue the chain, one without a full before it, and a corrupt one are refused
 * with their reason; an image a corrupt stream left half written holds no point, so nothing builds on it.
 */
class ChainApplierTest {
    private static final int SIZE = 4 << 20;
    private static final VmDisk DISK = new VmDisk("lab", 101, "scsi0");
    private final Random random = new Random(42);

    @TempDir
    Path where;

    @Test
    void appliesAChainOldestFirstAndEachPointReadsBack() throws IOException {
        byte[] disk = new byte[SIZE];
        byte[] a = bytes(300_000);
        System.arraycopy(a, 0, disk, 100_000, a.length);
        apply(1, BackupLevel.FULL, null, List.of(StreamExtent.hole(0, 100_000),
                StreamExtent.data(100_000, Buffer.buffer(a)), StreamExtent.hole(400_000, SIZE - 400_000)));
        assertImage(disk, "bacula-1");
        byte[] full = disk.clone();

        byte[] b = bytes(65_536);
        System.arraycopy(b, 0, disk, 200_000, b.length);
        Arrays.fill(disk, 350_000, 360_000, (byte) 0);
        apply(2, BackupLevel.INCREMENTAL, "bacula-1", List.of(StreamExtent.data(200_000, Buffer.buffer(b)),
                StreamExtent.zero(350_000, 10_000), StreamExtent.hole(3 << 20, 4096)));
        assertImage(disk, "bacula-2");

        // differential: everything changed since the full, i.e. the incremental's changes plus a new one
        byte[] c = bytes(4096);
        disk = full.clone();
        System.arraycopy(b, 0, disk, 200_000, b.length);
        Arrays.fill(disk, 350_000, 360_000, (byte) 0);
        System.arraycopy(c, 0, disk, SIZE - 4096, c.length);
        apply(3, BackupLevel.DIFFERENTIAL, "bacula-1", List.of(StreamExtent.data(200_000, Buffer.buffer(b)),
                StreamExtent.zero(350_000, 10_000), StreamExtent.data(SIZE - 4096, Buffer.buffer(c))));
        assertImage(disk, "bacula-3");

        byte[] d = bytes(1000);
        System.arraycopy(d, 0, disk, 0, d.length);
        apply(4, BackupLevel.INCREMENTAL, "bacula-3", List.of(StreamExtent.data(0, Buffer.buffer(d))));
        assertImage(disk, "bacula-4");
    }

    @Test
    void refusesMissingLinksAndCorruptStreams() throws IOException {
        BaculaException noFull = assertThrows(BaculaException.class,
                () -> apply(2, BackupLevel.INCREMENTAL, "bacula-1", List.of()));
        assertTrue(noFull.getMessage().startsWith("missing chain link: no full of lab/101 scsi0"), noFull.getMessage());

        apply(1, BackupLevel.FULL, null, List.of(StreamExtent.data(0, Buffer.buffer(bytes(4096)))));
        BaculaException gap = assertThrows(BaculaException.class,
                () -> apply(3, BackupLevel.INCREMENTAL, "bacula-2", List.of()));
        assertTrue(gap.getMessage().contains("builds on bacula-2, the chain restored so far ends at bacula-1"),
                gap.getMessage());

        // 3 MiB of changes, its trailer damaged: found after the first MiB was written
        byte[] wire = stream(2, BackupLevel.INCREMENTAL, "bacula-1",
                List.of(StreamExtent.data(0, Buffer.buffer(bytes(3 << 20)))));
        wire[wire.length - 60] ^= 1;
        assertThrows(StreamFormatException.class, () -> ChainApplier.apply(new ByteArrayInputStream(wire),
                path(2, BackupLevel.INCREMENTAL), where));
        assertEquals(Optional.empty(), ChainApplier.appliedPoint(where, DISK),
                "an image a corrupt stream left half written holds no point");
        BaculaException after = assertThrows(BaculaException.class,
                () -> apply(3, BackupLevel.INCREMENTAL, "bacula-2", List.of()));
        assertTrue(after.getMessage().startsWith("missing chain link: no full"), after.getMessage());
    }

    private void apply(long job, BackupLevel level, String parent, List<StreamExtent> extents) throws IOException {
        String done = ChainApplier.apply(new ByteArrayInputStream(stream(job, level, parent, extents)),
                path(job, level), where);
        assertTrue(done.startsWith(level.label() + " stream of bacula-" + job + " applied to "), done);
    }

    private static byte[] stream(long job, BackupLevel level, String parent, List<StreamExtent> extents) {
        StreamHeader h = new StreamHeader("bacula-" + job, DISK.vmKey(), DISK.disk(), SIZE, level, parent, 0,
                Instant.parse("2026-11-22T05:00:00Z").plusSeconds(job), null);
        StreamEncoder enc = new StreamEncoder(h, EncoderOptions.DEFAULT);
        Buffer wire = enc.start();
        extents.forEach(e -> wire.appendBuffer(enc.append(e)));
        return wire.appendBuffer(enc.finish()).getBytes();
    }

    private static CatalogPath path(long job, BackupLevel level) {
        return new CatalogPath(DISK, Instant.parse("2026-11-22T05:00:00Z").plusSeconds(job), level, job);
    }

    private void assertImage(byte[] expected, String point) throws IOException {
        assertArrayEquals(expected, Files.readAllBytes(ChainApplier.image(where, DISK)));
        assertEquals(Optional.of(point), ChainApplier.appliedPoint(where, DISK));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
