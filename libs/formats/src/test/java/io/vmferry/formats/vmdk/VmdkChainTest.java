package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.FormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot chains made by {@code qemu-img create -b}, and the chain errors: CID mismatch, loop, missing files. */
class VmdkChainTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void qemu() {
        QemuImg.assumeAvailable();
    }

    private Path baseAndChild() throws Exception {
        Path raw = TestDisks.standard(dir, "base.raw", 48L * TestDisks.MIB);
        Path base = dir.resolve("base.vmdk");
        QemuImg.convertToVmdk(raw, base, "monolithicSparse");
        Path child = dir.resolve("child.vmdk");
        QemuImg.run("create", "-f", "vmdk", "-o", "zeroed_grain=on", "-b", "base.vmdk", "-F", "vmdk", child.toString());
        QemuImg.io(child, "write -P 0xab 512k 1M", "write -z 4M 64k", "write -P 0xcd 47M 1M");
        return child;
    }

    @Test
    void readsSnapshotOverParent() throws Exception {
        Path child = baseAndChild();
        Path expected = dir.resolve("expected.raw");
        QemuImg.run("convert", "-f", "vmdk", "-O", "raw", child.toString(), expected.toString());
        try (VmdkReader r = VmdkReader.open(child)) {
            assertTrue(r.parent() != null && r.parent().parent() == null, r.toString());
            assertEquals(r.descriptor().parentCid(), r.parent().descriptor().cid());
            TestDisks.assertSameContent(expected, r);
            TestDisks.assertExtentsConsistent(r);
            List<Extent> near4M = r.extents(4L * TestDisks.MIB, 64 * 1024);
            assertEquals(List.of(new Extent(4L * TestDisks.MIB, 64 * 1024, ExtentType.ZERO)), near4M, "zeroed grain shadows parent data");
        }
        // a snapshot of a snapshot
        Path grandchild = dir.resolve("gc.vmdk");
        QemuImg.run("create", "-f", "vmdk", "-b", "child.vmdk", "-F", "vmdk", grandchild.toString());
        QemuImg.io(grandchild, "write -P 0x11 100k 8k");
        Path expected2 = dir.resolve("expected2.raw");
        QemuImg.run("convert", "-f", "vmdk", "-O", "raw", grandchild.toString(), expected2.toString());
        try (VmdkReader r = VmdkReader.open(grandchild)) {
            TestDisks.assertSameContent(expected2, r);
        }
    }

    @Test
    void parentCidMismatchIsRefused() throws Exception {
        Path child = baseAndChild();
        // the base changes after the snapshot: qemu gives it a new CID on its first write
        QemuImg.io(dir.resolve("base.vmdk"), "write -P 1 0 512");
        FormatException e = assertThrows(FormatException.class, () -> VmdkReader.open(child));
        assertTrue(e.getMessage().startsWith("child.vmdk: parentCID"), e.getMessage());
        assertTrue(e.getMessage().contains("base.vmdk"), e.getMessage());
    }

    @Test
    void missingParentAndExtentFilesAreNamed() throws Exception {
        Path child = baseAndChild();
        Files.move(dir.resolve("base.vmdk"), dir.resolve("elsewhere.vmdk"));
        FormatException e = assertThrows(FormatException.class, () -> VmdkReader.open(child));
        assertEquals("child.vmdk: parent \"base.vmdk\" not found", e.getMessage());

        Path raw = TestDisks.standard(dir, "flat.raw", 48L * TestDisks.MIB);
        Path flat = dir.resolve("flat.vmdk");
        QemuImg.convertToVmdk(raw, flat, "twoGbMaxExtentFlat");
        Files.delete(dir.resolve("flat-f001.vmdk"));
        e = assertThrows(FormatException.class, () -> VmdkReader.open(flat));
        assertEquals("flat.vmdk: extent file \"flat-f001.vmdk\" not found", e.getMessage());
    }

    @Test
    void parentLoopIsDetected() throws Exception {
        Files.write(dir.resolve("d.bin"), new byte[1024]);
        Files.writeString(dir.resolve("a.vmdk"), descriptor("0000000a", "0000000b", "b.vmdk"));
        Files.writeString(dir.resolve("b.vmdk"), descriptor("0000000b", "0000000a", "a.vmdk"));
        FormatException e = assertThrows(FormatException.class, () -> VmdkReader.open(dir.resolve("a.vmdk")));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
        Files.writeString(dir.resolve("self.vmdk"), descriptor("0000000c", "0000000c", "self.vmdk"));
        e = assertThrows(FormatException.class, () -> VmdkReader.open(dir.resolve("self.vmdk")));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    static String descriptor(String cid, String parentCid, String parent) {
        return "# Disk DescriptorFile\nversion=1\nCID=" + cid + "\nparentCID=" + parentCid + "\ncreateType=\"monolithicFlat\"\n"
                + (parent == null ? "" : "parentFileNameHint=\"" + parent + "\"\n")
                + "RW 2 FLAT \"d.bin\" 0\n";
    }

    @Test
    void descriptorWithZeroExtentAndOffsets() throws Exception {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        Files.write(dir.resolve("d.bin"), data);
        Files.writeString(dir.resolve("multi.vmdk"), "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\n"
                + "createType=\"custom\"\nRW 2 FLAT \"d.bin\" 4\nRW 3 ZERO\nRDONLY 1 FLAT \"d.bin\" 0\n", StandardCharsets.UTF_8);
        try (VmdkReader r = VmdkReader.open(dir.resolve("multi.vmdk"))) {
            assertEquals(6 * 512, r.size());
            assertEquals(List.of(new Extent(0, 1024, ExtentType.DATA), new Extent(1024, 1536, ExtentType.ZERO),
                    new Extent(2560, 512, ExtentType.DATA)), r.extents(0, r.size()));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(3072);
            r.read(0, b);
            assertEquals(java.nio.ByteBuffer.wrap(data, 2048, 1024), b.slice(0, 1024));
            assertEquals(java.nio.ByteBuffer.allocate(1536), b.slice(1024, 1536));
            assertEquals(java.nio.ByteBuffer.wrap(data, 0, 512), b.slice(2560, 512));
        }
    }
}
