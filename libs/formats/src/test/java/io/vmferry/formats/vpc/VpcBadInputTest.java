package io.vmferry.formats.vpc;

import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.Corrupt;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Damaged VHD files fail with a clear {@link io.vmferry.formats.api.FormatException}, fast. */
class VpcBadInputTest {
    @TempDir
    static Path dir;
    static Path dynamic;
    static Path fixed;

    @BeforeAll
    static void images() throws IOException {
        Path src = TestImages.patternedRaw(dir.resolve("src.raw"), 4 * TestImages.MIB, 5);
        dynamic = dir.resolve("dyn.vhd");
        Qemu.img("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic,force_size=on", src.toString(), dynamic.toString());
        fixed = dir.resolve("fixed.vhd");
        Qemu.img("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed,force_size=on", src.toString(), fixed.toString());
    }

    private static long footerAt(Path p) throws IOException {
        return Files.size(p) - VpcFooter.LENGTH;
    }

    /** Edits the footer at {@code at} and fixes its checksum. */
    private static void editFooter(Path p, long at, java.util.function.Consumer<ByteBuffer> edit) throws IOException {
        ByteBuffer f = Corrupt.read(p, at, VpcFooter.LENGTH, BIG_ENDIAN);
        edit.accept(f);
        f.putInt(VpcFooter.CHECKSUM_OFFSET, VpcFooter.checksum(f, VpcFooter.CHECKSUM_OFFSET));
        Corrupt.put(p, at, f.array());
    }

    @Test
    void badFooterChecksum() throws IOException {
        Path p = Corrupt.copy(fixed, "sum.vhd");
        Corrupt.put(p, footerAt(p) + 40, new byte[] {9});
        assertEquals("vpc", ImageFormats.detect(p));
        Corrupt.assertFails(p, "vpc", "bad footer checksum (stored 0x");
    }

    @Test
    void dynamicDiskSurvivesADamagedTrailingFooter() throws IOException {
        Path p = Corrupt.copy(dynamic, "tail.vhd");
        Corrupt.put(p, footerAt(p) + 40, new byte[] {9});
        Corrupt.openAndReadAll(p, "vpc");
    }

    @Test
    void truncated() throws IOException {
        Path p = Corrupt.copy(fixed, "tiny.vhd");
        Corrupt.truncate(p, 100);
        Corrupt.assertFails(p, "vpc", "too small");
        Path q = Corrupt.copy(dynamic, "cut.vhd");
        Corrupt.truncate(q, 1024);
        Corrupt.assertFails(q, "vpc", "outside the file");
    }

    @Test
    void dynamicHeaderAndBat() throws IOException {
        long dh = Corrupt.read(dynamic, VpcFooter.DATA_OFFSET_OFFSET, 8, BIG_ENDIAN).getLong();
        Path p = Corrupt.copy(dynamic, "dh.vhd");
        Corrupt.put(p, dh + 100, new byte[] {1});
        Corrupt.assertFails(p, "vpc", "bad dynamic header checksum");
        long bat = Corrupt.read(dynamic, dh + VpcDynamicHeader.TABLE_OFFSET_OFFSET, 8, BIG_ENDIAN).getLong();
        Path q = Corrupt.copy(dynamic, "bat.vhd");
        Corrupt.putInt(q, bat, 0x7fff_0000, BIG_ENDIAN);
        Corrupt.assertFails(q, "vpc", "outside the file");
        Path r = Corrupt.copy(dynamic, "entries.vhd");
        ByteBuffer h = Corrupt.read(r, dh, VpcDynamicHeader.LENGTH, BIG_ENDIAN);
        h.putInt(VpcDynamicHeader.MAX_TABLE_ENTRIES_OFFSET, 1);
        h.putInt(VpcDynamicHeader.CHECKSUM_OFFSET, VpcFooter.checksum(h, VpcDynamicHeader.CHECKSUM_OFFSET));
        Corrupt.put(r, dh, h.array());
        Corrupt.assertFails(r, "vpc", "BAT has 1 entries");
    }

    @Test
    void absurdSizeAndDifferencing() throws IOException {
        Path p = Corrupt.copy(fixed, "huge.vhd");
        editFooter(p, footerAt(p), f -> f.putLong(VpcFooter.CURRENT_SIZE_OFFSET, 1L << 60));
        Corrupt.assertFails(p, "vpc", "absurd VHD disk size");
        Path q = Corrupt.copy(fixed, "bigfixed.vhd");
        editFooter(q, footerAt(q), f -> f.putLong(VpcFooter.CURRENT_SIZE_OFFSET, 1L << 30));
        Corrupt.assertFails(q, "vpc", "is truncated");
        Path r = Corrupt.copy(dynamic, "diff.vhd");
        editFooter(r, footerAt(r), f -> f.putInt(VpcFooter.DISK_TYPE_OFFSET, VpcFooter.TYPE_DIFFERENCING));
        Corrupt.assertFails(r, "vpc", "differencing VHD images are not supported");
    }
}
