package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images of every subformat made by {@code qemu-img convert} read back byte-equal to their raw source. */
class VmdkQemuReadTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void qemu() {
        QemuImg.assumeAvailable();
    }

    @ParameterizedTest
    @EnumSource(VmdkSubformat.class)
    void readsQemuImageOfEverySubformat(VmdkSubformat subformat) throws Exception {
        Path raw = TestDisks.standard(dir, "src.raw", 48L * TestDisks.MIB);
        Path vmdk = dir.resolve("disk.vmdk");
        QemuImg.convertToVmdk(raw, vmdk, subformat.createType());
        try (VmdkReader r = VmdkReader.open(vmdk)) {
            assertEquals("vmdk", r.format());
            assertEquals(subformat.createType(), r.createType());
            assertEquals(48L * TestDisks.MIB, r.size());
            TestDisks.assertSameContent(raw, r);
            TestDisks.assertExtentsConsistent(r);
            List<Extent> extents = r.extents(0, r.size());
            boolean flat = subformat.createType().endsWith("Flat");
            assertEquals(flat, extents.size() == 1 && extents.get(0).type() == ExtentType.DATA, extents.toString());
            if (!flat) {
                assertTrue(extents.stream().anyMatch(e -> e.type() == ExtentType.HOLE && e.length() >= 20L * TestDisks.MIB), extents.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = VmdkSubformat.class, names = {"MONOLITHIC_SPARSE", "STREAM_OPTIMIZED", "TWO_GB_MAX_EXTENT_FLAT"})
    void readsOddSize(VmdkSubformat subformat) throws Exception {
        long size = 48L * TestDisks.MIB + 65536 * 3 + 1234;
        Path raw = TestDisks.standard(dir, "odd.raw", size);
        Path vmdk = dir.resolve("odd.vmdk");
        QemuImg.convertToVmdk(raw, vmdk, subformat.createType());
        try (BlockReader r = new VmdkFormat().open(vmdk, io.vmferry.formats.api.BackingChain.root().descend(vmdk))) {
            assertEquals((size + 511) / 512 * 512, r.size());
            TestDisks.assertSameContent(raw, r);
            TestDisks.assertExtentsConsistent(r);
        }
    }

    @ParameterizedTest
    @EnumSource(value = VmdkSubformat.class, names = {"MONOLITHIC_SPARSE", "TWO_GB_MAX_EXTENT_SPARSE", "STREAM_OPTIMIZED"})
    void readsSparseImageLargerThan4GiB(VmdkSubformat subformat) throws Exception {
        long size = 5L * 1024 * TestDisks.MIB + 4096;
        Path raw = dir.resolve("big.raw");
        long[] at = {0, 2L * 1024 * TestDisks.MIB - 1000, 4L * 1024 * TestDisks.MIB + 12345, size - 100_000};
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < at.length; i++) {
                TestDisks.random(ch, at[i], 100_000, 10 + i);
            }
            ch.truncate(size);
        }
        Path vmdk = dir.resolve("big.vmdk");
        QemuImg.convertToVmdk(raw, vmdk, subformat.createType());
        try (VmdkReader r = VmdkReader.open(vmdk); FileChannel ch = FileChannel.open(raw)) {
            assertEquals(size, r.size());
            List<Extent> data = r.extents(0, r.size()).stream().filter(e -> e.type() == ExtentType.DATA).toList();
            long dataBytes = data.stream().mapToLong(Extent::length).sum();
            assertTrue(dataBytes <= at.length * (100_000 + 2 * 65536L), "data " + dataBytes + " in " + data);
            for (long a : at) {
                assertTrue(data.stream().anyMatch(e -> e.offset() <= a && e.end() >= Math.min(size, a + 100_000)), a + " in " + data);
                ByteBuffer expected = ByteBuffer.allocate(300_000);
                ByteBuffer actual = ByteBuffer.allocate(300_000);
                long from = Math.max(0, Math.min(a - 100_000, size - 300_000));
                ch.read(expected, from);
                r.read(from, actual);
                assertEquals(expected.flip(), actual.flip(), "bytes near " + a);
            }
        }
    }

    @Test
    void zeroedGrainsAreZeroExtents() throws Exception {
        Path vmdk = dir.resolve("z.vmdk");
        QemuImg.run("create", "-f", "vmdk", "-o", "zeroed_grain=on", vmdk.toString(), "8M");
        QemuImg.io(vmdk, "write -P 0x5a 0 4M", "write -z 1M 1M");
        try (VmdkReader r = VmdkReader.open(vmdk)) {
            List<Extent> extents = r.extents(0, r.size());
            assertEquals(List.of(new Extent(0, TestDisks.MIB, ExtentType.DATA),
                    new Extent(TestDisks.MIB, TestDisks.MIB, ExtentType.ZERO),
                    new Extent(2L * TestDisks.MIB, 2L * TestDisks.MIB, ExtentType.DATA),
                    new Extent(4L * TestDisks.MIB, 4L * TestDisks.MIB, ExtentType.HOLE)), extents);
            TestDisks.assertExtentsConsistent(r);
        }
    }
}
