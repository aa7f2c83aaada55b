package io.vmferry.formats.qcow2;

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
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.vmferry.formats.testing.TestImages.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** qcow2 images made by qemu-img in each subformat read back equal to their source. */
class Qcow2ReaderTest {
    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void source() throws IOException {
        source = TestImages.patternedRaw(dir.resolve("source.raw"), TestImages.ODD_SIZE, 42);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "compat=0.10",
        "compat=1.1",
        "compat=1.1,cluster_size=4096",
        "compat=1.1,cluster_size=2M,extended_l2=on",
        "-c compat=1.1",
        "-c compat=0.10,cluster_size=4096",
        "-c compat=1.1,compression_type=zstd",
        "-c compat=1.1,compression_type=zstd,cluster_size=2M",
    })
    void convertedImageReadsLikeSource(String variant) throws IOException {
        boolean compress = variant.startsWith("-c ");
        String opts = compress ? variant.substring(3) : variant;
        Path img = dir.resolve("img-" + opts.replace(',', '_').replace('=', '-') + (compress ? "-c" : "") + ".qcow2");
        if (compress) {
            Qemu.img("convert", "-c", "-f", "raw", "-O", "qcow2", "-o", opts, source.toString(), img.toString());
        } else {
            Qemu.img("convert", "-f", "raw", "-O", "qcow2", "-o", opts, source.toString(), img.toString());
        }
        assertEquals("qcow2", ImageFormats.detect(img));
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals("qcow2", r.format());
            TestImages.assertSameContent(source, r);
            TestImages.assertExtentsMatchQemu(img, "qcow2", r);
        }
    }

    @Test
    void extendedL2SubclustersAndZeroClusters() throws IOException {
        Path img = dir.resolve("subclusters.qcow2");
        Qemu.img("create", "-f", "qcow2", "-o", "cluster_size=2M,extended_l2=on", img.toString(), "5M");
        Qemu.io(img, "qcow2", "write -P 0x11 64k 64k", "write -z 512k 128k", "write -P 0x22 2240k 4k",
                "write -P 0x33 4M 1M", "write -z 4352k 64k");
        assertMatchesQemu(img, "qcow2");
    }

    @Test
    void v3ZeroFlagOverAllocatedClusters() throws IOException {
        Path img = dir.resolve("zeroflag.qcow2");
        Qemu.img("convert", "-f", "raw", "-O", "qcow2", source.toString(), img.toString());
        Qemu.io(img, "qcow2", "write -z 0 256k", "write -z 5M 64k");
        assertMatchesQemu(img, "qcow2");
    }

    @Test
    void backingChainOfThreeWithRawBase() throws IOException {
        Path sub = dir.resolve("chain");
        java.nio.file.Files.createDirectories(sub.resolve("base"));
        Path base = sub.resolve("base/base.raw");
        java.nio.file.Files.copy(source, base);
        Qemu.ok(sub, "qemu-img", "create", "-f", "qcow2", "-b", "base/base.raw", "-F", "raw", "mid.qcow2");
        Qemu.io(sub.resolve("mid.qcow2"), "qcow2", "write -P 0xab 1M 64k", "write -z 0 128k");
        Qemu.ok(sub, "qemu-img", "create", "-f", "qcow2", "-o", "compat=0.10", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2");
        Qemu.io(sub.resolve("top.qcow2"), "qcow2", "write -P 0xcd 3M 4k", "write -P 0xef 9M 4k");
        assertMatchesQemu(sub.resolve("top.qcow2"), "qcow2");
    }

    @Test
    void overlayLargerThanBackingReadsZerosPastIt() throws IOException {
        Path base = dir.resolve("small-base.qcow2");
        Qemu.img("create", "-f", "qcow2", base.toString(), "1M");
        Qemu.io(base, "qcow2", "write -P 0x44 0 1M");
        Path top = dir.resolve("big-top.qcow2");
        Qemu.img("create", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString(), "3M");
        assertMatchesQemu(top, "qcow2");
    }

    @Test
    void sparseImageOverFourGiB() throws IOException {
        Path img = dir.resolve("big.qcow2");
        Qemu.img("create", "-f", "qcow2", img.toString(), "6G");
        Qemu.io(img, "qcow2", "write -P 0x5a 5G 1M", "write -P 0x33 4194300k 8k");
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals(6L << 30, r.size());
            TestImages.assertExtentsMatchQemu(img, "qcow2", r);
            assertFilled(r, 5L << 30, (int) MIB, (byte) 0x5a);
            assertFilled(r, 4194300L * 1024, 8192, (byte) 0x33);
            assertFilled(r, 3L << 30, 4096, (byte) 0);
        }
    }

    static void assertFilled(BlockReader r, long offset, int len, byte value) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        r.read(offset, buf);
        for (int i = 0; i < len; i++) {
            assertEquals(value, buf.get(i), "byte at " + (offset + i));
        }
    }

    static void assertMatchesQemu(Path img, String fmt) throws IOException {
        Path raw = img.resolveSibling(img.getFileName() + ".expected.raw");
        Qemu.img("convert", "-f", fmt, "-O", "raw", img.toString(), raw.toString());
        try (BlockReader r = ImageFormats.open(img)) {
            assertEquals(fmt, r.format());
            TestImages.assertSameContent(raw, r);
            TestImages.assertExtentsMatchQemu(img, fmt, r);
        }
    }
}
