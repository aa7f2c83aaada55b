package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.Corrupt;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import static io.vmferry.formats.vhdx.VhdxDiffBuilder.MB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Differencing VHDX: block states, sector bitmaps and the parent locator. */
class VhdxDifferencingTest {
    @TempDir
    static Path dir;
    static Path parent;
    static byte[] parentBytes;
    static UUID parentDataWrite;

    @BeforeAll
    static void parent() throws IOException {
        Path src = TestImages.patternedRaw(dir.resolve("parent.raw"), 5 * MB, 21);
        parent = dir.resolve("parent.vhdx");
        Qemu.img("convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", src.toString(), parent.toString());
        parentBytes = Files.readAllBytes(src);
        try (VhdxReader r = VhdxReader.open(parent)) {
            parentDataWrite = r.dataWriteGuid();
        }
    }

    @Test
    void childOverridesParentPerBlockAndPerSector() throws IOException {
        byte[] full = filled(0x11);
        byte[] partial = filled(0x22);
        byte[] bitmap = new byte[256];
        bitmap[1] = (byte) 0xff;                 // sectors 8..15
        Arrays.fill(bitmap, 125, 256, (byte) 0xff); // sectors 1000..2047
        Path child = dir.resolve("child.avhdx");
        new VhdxDiffBuilder(5 * MB, parentDataWrite, ".\\parent.vhdx")
                .data(0, full, null).data(1, partial, bitmap).state(2, 2).state(3, 0).state(4, 3).write(child);

        byte[] expected = parentBytes.clone();
        System.arraycopy(full, 0, expected, 0, (int) MB);
        System.arraycopy(partial, 0, expected, (int) MB + 8 * 512, 8 * 512);
        System.arraycopy(partial, 0, expected, (int) MB + 1000 * 512, (int) MB - 1000 * 512);
        Arrays.fill(expected, (int) (2 * MB), (int) (3 * MB), (byte) 0);
        Arrays.fill(expected, (int) (4 * MB), (int) (5 * MB), (byte) 0);
        try (BlockReader r = ImageFormats.open(child)) {
            assertEquals("vhdx", r.format());
            assertArrayEquals(expected, TestImages.readAll(r));
            assertEquals(ExtentType.DATA, r.extents(MB + 8 * 512, 4096).get(0).type());
            assertEquals(ExtentType.ZERO, r.extents(2 * MB, MB).get(0).type());
        }
    }

    @Test
    void parentLinkageMismatchAndLoops() throws IOException {
        Path wrong = dir.resolve("wrong.avhdx");
        new VhdxDiffBuilder(5 * MB, UUID.randomUUID(), "parent.vhdx").write(wrong);
        Corrupt.assertFails(wrong, "vhdx", "the locator expects");
        Path self = dir.resolve("self.avhdx");
        new VhdxDiffBuilder(5 * MB, UUID.randomUUID(), "self.avhdx").write(self);
        Corrupt.assertFails(self, "vhdx", "backing chain loop");
        Path orphan = dir.resolve("orphan.avhdx");
        new VhdxDiffBuilder(5 * MB, UUID.randomUUID(), "missing.vhdx").write(orphan);
        Corrupt.assertFails(orphan, "vhdx", "not found");
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[(int) MB];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
