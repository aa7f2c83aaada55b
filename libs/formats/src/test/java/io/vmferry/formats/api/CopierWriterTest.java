package io.vmferry.formats.api;

import io.vmferry.formats.io.DirectSparseOutput;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every writer, fed by {@link Copier}, produces an image qemu-img accepts and finds equal to the source. */
class CopierWriterTest {
    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void source() throws IOException {
        source = TestImages.patternedRaw(dir.resolve("source.raw"), TestImages.ODDER_SIZE, 11);
    }

    @ParameterizedTest
    @CsvSource({"raw,''", "qcow2,''", "qcow2,cluster_size=4096", "qcow2,cluster_size=2M", "qcow2,cluster_size=512",
        "vhdx,''", "vhdx,block_size=1M"})
    void copyFromRaw(String format, String options) throws IOException {
        Path out = dir.resolve("out-" + format + "-" + options.replace('=', '-') + "." + format);
        try (BlockReader src = ImageFormats.open(source, "raw")) {
            copy(src, out, format, options);
        }
        assertQemuAgrees(source, "raw", out, format);
        try (BlockReader back = ImageFormats.open(out)) {
            byte[] expected = Files.readAllBytes(source);
            byte[] actual = TestImages.readAll(back);
            assertArrayEquals(expected, java.util.Arrays.copyOf(actual, expected.length));
            assertTrue(back.size() - expected.length < 512, "only rounded to a sector");
        }
    }

    /** The raw writer where the file system refuses {@code O_DIRECT}: the same image through the page cache. */
    @Test
    void copyToRawWithDirectWritesOff() throws IOException {
        Path out = dir.resolve("buffered.raw");
        System.setProperty(DirectSparseOutput.DISABLE, "false");
        try (BlockReader src = ImageFormats.open(source, "raw")) {
            copy(src, out, "raw", "");
        } finally {
            System.clearProperty(DirectSparseOutput.DISABLE);
        }
        assertQemuAgrees(source, "raw", out, "raw");
    }

    @Test
    void copyFromQcow2ChainWithCompressedBase() throws IOException {
        Path base = dir.resolve("cbase.qcow2");
        Qemu.img("convert", "-c", "-f", "raw", "-O", "qcow2", source.toString(), base.toString());
        Path top = dir.resolve("ctop.qcow2");
        Qemu.img("create", "-f", "qcow2", "-b", base.getFileName().toString(), "-F", "qcow2", top.toString());
        Qemu.io(top, "qcow2", "write -P 0x77 64k 8k", "write -z 5M 1M");
        for (String fmt : new String[] {"qcow2", "vhdx", "raw"}) {
            Path out = dir.resolve("fromchain." + fmt);
            try (BlockReader src = ImageFormats.open(top)) {
                copy(src, out, fmt, "");
            }
            assertQemuAgrees(top, "qcow2", out, fmt);
        }
    }

    static CopyStats copy(BlockReader src, Path out, String format, String options) throws IOException {
        Map<String, String> opts = new HashMap<>();
        if (!options.isEmpty()) {
            String[] kv = options.split("=");
            opts.put(kv[0], kv[1]);
        }
        try (BlockWriter w = ImageFormats.create(out, format, src.size(), opts)) {
            return new Copier().copy(src, w);
        }
    }

    static void assertQemuAgrees(Path src, String srcFmt, Path out, String format) throws IOException {
        Qemu.Result cmp = Qemu.run(null, "qemu-img", "compare", "-f", srcFmt, "-F", format, src.toString(), out.toString());
        assertEquals(0, cmp.exit(), cmp.output());
        if (!format.equals("raw")) {
            Qemu.Result check = Qemu.run(null, "qemu-img", "check", "-f", format, out.toString());
            assertEquals(0, check.exit(), check.output());
            assertTrue(check.output().contains("No errors were found"), check.output());
        }
        assertEquals(format, Qemu.infoFormat(out));
    }

    @Test
    void copyingAMostlyEmpty8GiBImageAllocatesAboutItsData() throws IOException {
        Path src = dir.resolve("sparse8g.qcow2");
        Qemu.img("create", "-f", "qcow2", src.toString(), "8G");
        Qemu.io(src, "qcow2", "write -P 0x31 0 1M", "write -P 0x32 3G 1M", "write -P 0x33 8388544k 64k");
        for (String fmt : new String[] {"raw", "qcow2", "vhdx"}) {
            Path out = dir.resolve("sparse8g-out." + fmt);
            CopyStats stats;
            try (BlockReader r = ImageFormats.open(src)) {
                stats = copy(r, out, fmt, "");
            }
            assertEquals((2L << 20) + (64 << 10), stats.dataBytes());
            long allocated = TestImages.allocated(out);
            assertTrue(allocated < 16L << 20, fmt + " allocates " + allocated + " bytes");
            assertQemuAgrees(src, "qcow2", out, fmt);
        }
    }

    @Test
    void emptyAndTinyDisks() throws IOException {
        for (String fmt : new String[] {"raw", "qcow2", "vhdx"}) {
            for (long size : new long[] {0, 1}) {
                if (fmt.equals("vhdx") && size == 0) {
                    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                            () -> ImageFormats.create(dir.resolve("empty.vhdx"), "vhdx", 0, Map.of()));
                    continue;
                }
                Path src = dir.resolve("tiny" + size + ".raw");
                java.nio.file.Files.write(src, new byte[(int) size]);
                Path out = dir.resolve("tiny" + size + "." + fmt);
                try (BlockReader r = ImageFormats.open(src, "raw")) {
                    copy(r, out, fmt, "");
                }
                assertQemuAgrees(src, "raw", out, fmt);
            }
        }
    }

    @Test
    void writersRejectBackwardsWrites() throws IOException {
        for (String fmt : new String[] {"raw", "qcow2", "vhdx"}) {
            try (BlockWriter w = ImageFormats.create(dir.resolve("back." + fmt), fmt, 1 << 20, Map.of())) {
                w.write(4096, ByteBuffer.allocate(512));
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> w.write(0, ByteBuffer.allocate(512)));
            }
        }
    }
}
