package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.internal.Guid;
import io.vmferry.formats.testing.Corrupt;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/** Damaged VHDX files fail with a clear {@link io.vmferry.formats.api.FormatException}, fast. */
class VhdxBadInputTest {
    @TempDir
    static Path dir;
    static Path good;
    static Path source;

    @BeforeAll
    static void images() throws IOException {
        source = TestImages.patternedRaw(dir.resolve("src.raw"), 4 * TestImages.MIB, 5);
        good = dir.resolve("good.vhdx");
        Qemu.img("convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", source.toString(), good.toString());
    }

    /** Rewrites the 4 KiB header at {@code at} after {@code edit}, with a correct checksum. */
    private static void editHeader(Path p, long at, java.util.function.Consumer<ByteBuffer> edit) throws IOException {
        ByteBuffer h = Corrupt.read(p, at, VhdxHeader.LENGTH, LITTLE_ENDIAN);
        edit.accept(h);
        h.putInt(VhdxHeader.CHECKSUM_OFFSET, VhdxChecksum.compute(h, VhdxHeader.CHECKSUM_OFFSET));
        Corrupt.put(p, at, h.array());
    }

    private static VhdxRegionTable.Entry region(Path p, int i) throws IOException {
        return new VhdxRegionTable(Corrupt.read(p, VhdxRegionTable.TABLE1_OFFSET, VhdxRegionTable.LENGTH, LITTLE_ENDIAN)).entry(i);
    }

    @Test
    void truncatedAndNotVhdx() throws IOException {
        Path p = Corrupt.copy(good, "tiny.vhdx");
        Corrupt.truncate(p, 100_000);
        Corrupt.assertFails(p, "vhdx", "too small");
        Path q = Corrupt.copy(good, "ident.vhdx");
        Corrupt.put(q, 0, "vhdxfilx".getBytes());
        Corrupt.assertFails(q, "vhdx", "bad file identifier");
        Path r = Corrupt.copy(good, "cut.vhdx");
        Corrupt.truncate(r, 2 * TestImages.MIB + 4096);
        Corrupt.assertFails(r, "vhdx", "outside the file");
    }

    @Test
    void oneBadHeaderIsSurvivedBothAreNot() throws IOException {
        Path p = Corrupt.copy(good, "h1.vhdx");
        Corrupt.put(p, VhdxHeader.HEADER1_OFFSET + 100, new byte[] {1});
        try (BlockReader r = ImageFormats.open(p)) {
            TestImages.assertSameContent(source, r);
        }
        Corrupt.put(p, VhdxHeader.HEADER2_OFFSET + 100, new byte[] {1});
        Corrupt.assertFails(p, "vhdx", "no valid VHDX header (header 1: bad checksum (stored 0x");
    }

    @Test
    void newerHeaderWinsOnlyWhenValid() throws IOException {
        Path p = Corrupt.copy(good, "seq.vhdx");
        editHeader(p, VhdxHeader.HEADER1_OFFSET, h -> h.putLong(VhdxHeader.SEQUENCE_OFFSET, 1000));
        editHeader(p, VhdxHeader.HEADER2_OFFSET, h -> h.putLong(VhdxHeader.SEQUENCE_OFFSET, 2000)
                .putShort(VhdxHeader.VERSION_OFFSET, (short) 9));
        Corrupt.openAndReadAll(p, "vhdx"); // header 2 is newer but invalid: header 1 is used
        editHeader(p, VhdxHeader.HEADER1_OFFSET, h -> h.putShort(VhdxHeader.VERSION_OFFSET, (short) 9));
        Corrupt.assertFails(p, "vhdx", "unsupported version 9");
    }

    @Test
    void regionTables() throws IOException {
        Path p = Corrupt.copy(good, "rt.vhdx");
        Corrupt.put(p, VhdxRegionTable.TABLE1_OFFSET + 20, new byte[] {7});
        Corrupt.openAndReadAll(p, "vhdx");
        Corrupt.put(p, VhdxRegionTable.TABLE2_OFFSET + 20, new byte[] {7});
        Corrupt.assertFails(p, "vhdx", "no valid region table");
    }

    @Test
    void nonEmptyLogIsRefused() throws IOException {
        Path p = Corrupt.copy(good, "log.vhdx");
        UUID log = UUID.randomUUID();
        editHeader(p, VhdxHeader.HEADER1_OFFSET, h -> Guid.put(h, VhdxHeader.LOG_GUID_OFFSET, log));
        editHeader(p, VhdxHeader.HEADER2_OFFSET, h -> Guid.put(h, VhdxHeader.LOG_GUID_OFFSET, log));
        Corrupt.assertFails(p, "vhdx", "the VHDX log is not empty");
    }

    @Test
    void batEntriesOutsideTheFileOrInvalid() throws IOException {
        for (int i = 0; i < 2; i++) {
            VhdxRegionTable.Entry e = region(good, i);
            if (e.guid().equals(VhdxGuids.BAT_REGION)) {
                Path p = Corrupt.copy(good, "batout.vhdx");
                Corrupt.putLong(p, e.fileOffset(), (1L << 40) << 20 | 6, LITTLE_ENDIAN);
                Corrupt.assertFails(p, "vhdx", "outside the file");
                Path q = Corrupt.copy(good, "batstate.vhdx");
                Corrupt.putLong(q, e.fileOffset(), 5, LITTLE_ENDIAN);
                Corrupt.assertFails(q, "vhdx", "invalid state 5");
                Path r = Corrupt.copy(good, "batpartial.vhdx");
                Corrupt.putLong(r, e.fileOffset(), 7 | (4L << 20), LITTLE_ENDIAN);
                Corrupt.assertFails(r, "vhdx", "partially present in an image without a parent");
            }
        }
    }

    @Test
    void absurdMetadata() throws IOException {
        for (int i = 0; i < 2; i++) {
            VhdxRegionTable.Entry e = region(good, i);
            if (e.guid().equals(VhdxGuids.METADATA_REGION)) {
                ByteBuffer table = Corrupt.read(good, e.fileOffset(), VhdxMetadata.TABLE_LENGTH, LITTLE_ENDIAN);
                int count = table.getShort(VhdxMetadata.ENTRY_COUNT_OFFSET);
                for (int k = 0; k < count; k++) {
                    int at = VhdxMetadata.ENTRIES_OFFSET + k * VhdxMetadata.ENTRY_LENGTH;
                    UUID id = Guid.get(table, at);
                    long item = e.fileOffset() + table.getInt(at + 16);
                    if (id.equals(VhdxGuids.VIRTUAL_DISK_SIZE)) {
                        Path p = Corrupt.copy(good, "vsize.vhdx");
                        Corrupt.putLong(p, item, Long.MAX_VALUE - 511, LITTLE_ENDIAN);
                        Corrupt.assertFails(p, "vhdx", "bad virtual disk size");
                        Path q = Corrupt.copy(good, "vsize2.vhdx");
                        Corrupt.putLong(q, item, 64L << 40, LITTLE_ENDIAN);
                        Corrupt.assertFails(q, "vhdx", "cannot hold");
                    } else if (id.equals(VhdxGuids.FILE_PARAMETERS)) {
                        Path p = Corrupt.copy(good, "bsize.vhdx");
                        Corrupt.putInt(p, item, 3 << 20, LITTLE_ENDIAN);
                        Corrupt.assertFails(p, "vhdx", "bad block size");
                        Path q = Corrupt.copy(good, "parent.vhdx");
                        Corrupt.putInt(q, item + 4, 2, LITTLE_ENDIAN);
                        Corrupt.assertFails(q, "vhdx", "without a parent locator");
                    }
                    Path r = Corrupt.copy(good, "itemoff.vhdx");
                    Corrupt.putInt(r, e.fileOffset() + at + 16, 0x7fff_ffff, LITTLE_ENDIAN);
                    Corrupt.assertFails(r, "vhdx", "out of range");
                }
            }
        }
    }
}
