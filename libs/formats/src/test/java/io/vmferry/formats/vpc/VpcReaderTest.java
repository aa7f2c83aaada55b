package io.vmferry.formats.vpc;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** VHD images made by qemu-img (always with {@code -f vpc}) read back like qemu reads them. */
class VpcReaderTest {
    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void source() throws IOException {
        source = TestImages.patternedRaw(dir.resolve("source.raw"), TestImages.ODD_SIZE, 9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"subformat=dynamic", "subformat=fixed", "subformat=dynamic,force_size=on",
        "subformat=fixed,force_size=on"})
    void convertedImageReadsLikeQemu(String opts) throws IOException {
        Path img = dir.resolve("img-" + opts.replace(',', '_').replace('=', '-') + ".vhd");
        Qemu.img("convert", "-f", "raw", "-O", "vpc", "-o", opts, source.toString(), img.toString());
        assertEquals("vpc", ImageFormats.detect(img), "a fixed VHD must not be taken for raw");
        Path back = dir.resolve(img.getFileName() + ".raw");
        Qemu.img("convert", "-f", "vpc", "-O", "raw", img.toString(), back.toString());
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals("vpc", r.format());
            assertEquals(Qemu.virtualSize(img, "vpc"), r.size());
            TestImages.assertSameContent(back, r);
            TestImages.assertExtentsMatchQemu(img, "vpc", r);
        }
    }

    @Test
    void forcedSizeKeepsTheExactSource() throws IOException {
        Path img = dir.resolve("exact.vhd");
        Qemu.img("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic,force_size=on", source.toString(), img.toString());
        try (BlockReader r = ImageFormats.open(img)) {
            TestImages.assertSameContent(source, r);
        }
    }

    @Test
    void sparseImageOverFourGiB() throws IOException {
        Path img = dir.resolve("big.vhd");
        Qemu.img("create", "-f", "vpc", "-o", "force_size=on", img.toString(), "5G");
        Qemu.io(img, "vpc", "write -P 0x5a 4G 64k", "write -P 0x66 4194300k 8k");
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals(5L << 30, r.size());
            TestImages.assertExtentsMatchQemu(img, "vpc", r);
        }
    }
}
