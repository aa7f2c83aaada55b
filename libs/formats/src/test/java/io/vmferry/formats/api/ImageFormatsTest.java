package io.vmferry.formats.api;

import io.vmferry.formats.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFormatsTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormatAndFallsBackToRaw() throws IOException {
        for (String fmt : new String[] {"qcow2", "vhdx", "vpc", "raw"}) {
            Path p = dir.resolve("x." + fmt);
            Qemu.img("create", "-f", fmt, p.toString(), "3M");
            assertEquals(fmt, ImageFormats.detect(p), fmt);
        }
        Path fixedVhd = dir.resolve("fixed.vhd");
        Qemu.img("create", "-f", "vpc", "-o", "subformat=fixed", fixedVhd.toString(), "3M");
        assertEquals("vpc", ImageFormats.detect(fixedVhd), "fixed VHD: conectix footer at the end");
        Path empty = Files.createFile(dir.resolve("empty"));
        assertEquals("raw", ImageFormats.detect(empty));
        try (BlockReader r = ImageFormats.open(empty)) {
            assertEquals(0, r.size());
            assertEquals(0, r.extents(0, 10).size());
        }
    }

    @Test
    void namesAndOptions() {
        assertEquals("qcow2", ImageFormats.byName("qcow2").name());
        assertThrows(IllegalArgumentException.class, () -> ImageFormats.byName("qed"));
        assertTrue(ImageFormats.all().get(ImageFormats.all().size() - 1).name().equals("raw"), "raw is last");
        assertThrows(IllegalArgumentException.class,
                () -> ImageFormats.create(dir.resolve("a"), "qcow2", 1 << 20, Map.of("cluster_size", "3000")));
        assertThrows(IllegalArgumentException.class,
                () -> ImageFormats.create(dir.resolve("b"), "qcow2", 1 << 20, Map.of("lazy_refcounts", "on")));
        assertThrows(IllegalArgumentException.class,
                () -> ImageFormats.create(dir.resolve("c"), "vhdx", 1 << 20, Map.of("block_size", "512K")));
        assertThrows(UnsupportedOperationException.class,
                () -> ImageFormats.create(dir.resolve("d"), "vpc", 1 << 20, Map.of()));
    }

    @Test
    void missingFileIsAFormatError() {
        FormatException e = assertThrows(FormatException.class, () -> ImageFormats.open(dir.resolve("nope.qcow2")));
        assertTrue(e.getMessage().contains("nope.qcow2"), e.getMessage());
    }
}
