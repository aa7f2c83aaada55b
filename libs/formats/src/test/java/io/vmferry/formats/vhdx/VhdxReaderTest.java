package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** VHDX images made by qemu-img read back equal to their source. */
class VhdxReaderTest {
    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void source() throws IOException {
        source = TestImages.patternedRaw(dir.resolve("source.raw"), TestImages.ODD_SIZE, 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"subformat=dynamic", "subformat=fixed", "subformat=dynamic,block_size=1M",
        "subformat=fixed,block_size=8M", "subformat=dynamic,block_state_zero=on,block_size=2M"})
    void convertedImageReadsLikeSource(String opts) throws IOException {
        Path img = dir.resolve("img-" + opts.replace(',', '_').replace('=', '-') + ".vhdx");
        Qemu.img("convert", "-f", "raw", "-O", "vhdx", "-o", opts, source.toString(), img.toString());
        assertEquals("vhdx", ImageFormats.detect(img));
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals("vhdx", r.format());
            TestImages.assertSameContent(source, r);
            TestImages.assertExtentsConsistent(source, r); // qemu-img map says data everywhere for vhdx
        }
    }

    @Test
    void writesThroughQemuIo() throws IOException {
        Path img = dir.resolve("io.vhdx");
        Qemu.img("create", "-f", "vhdx", "-o", "block_size=1M", img.toString(), "7M");
        Qemu.io(img, "vhdx", "write -P 0x21 1M 4k", "write -P 0x22 3M 1M", "write -z 3M 64k");
        Path raw = dir.resolve("io.raw");
        Qemu.img("convert", "-f", "vhdx", "-O", "raw", img.toString(), raw.toString());
        try (BlockReader r = ImageFormats.open(img)) {
            TestImages.assertSameContent(raw, r);
            assertEquals(2 * TestImages.MIB, TestImages.assertExtentsConsistent(raw, r), "two 1M blocks allocated");
        }
    }

    @Test
    void sparseImageOverFourGiB() throws IOException {
        Path img = dir.resolve("big.vhdx");
        Qemu.img("create", "-f", "vhdx", img.toString(), "5G");
        Qemu.io(img, "vhdx", "write -P 0x5a 4G 64k", "write -P 0x66 4194300k 8k");
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals(5L << 30, r.size());
            List<Extent> data = r.extents(0, r.size()).stream().filter(e -> e.type() == ExtentType.DATA).toList();
            assertEquals(List.of(new Extent(4080L << 20, 32L << 20, ExtentType.DATA)), data, "one 32M block");
            ByteBuffer b = ByteBuffer.allocate(8192);
            r.read(4194300L * 1024, b);
            for (int i = 0; i < 8192; i++) {
                assertEquals((byte) 0x66, b.get(i));
            }
        }
    }
}
