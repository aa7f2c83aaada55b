package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writers' output judged by {@code qemu-img check/info/compare} and read back by {@link VmdkReader}. */
class VmdkWriterTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void qemu() {
        QemuImg.assumeAvailable();
    }

    /** Copies {@code src} to {@code dst} extent by extent, in ascending order, in odd-sized chunks. */
    static void copy(BlockReader src, BlockWriter dst) throws IOException {
        for (Extent e : src.extents(0, src.size())) {
            if (e.type() != ExtentType.DATA) {
                dst.zero(e.offset(), e.length());
                continue;
            }
            for (long p = e.offset(); p < e.end(); ) {
                int n = (int) Math.min(e.end() - p, 1_000_003);
                ByteBuffer b = ByteBuffer.allocate(n);
                src.read(p, b);
                dst.write(p, b.flip());
                p += n;
            }
        }
        dst.finish();
    }

    @ParameterizedTest
    @EnumSource(value = VmdkSubformat.class, names = {"MONOLITHIC_SPARSE", "STREAM_OPTIMIZED"})
    void qemuAcceptsWrittenImage(VmdkSubformat subformat) throws Exception {
        long size = 48L * TestDisks.MIB + 65536 + 1536;
        Path raw = TestDisks.standard(dir, "src.raw", size);
        Path src = dir.resolve("src.vmdk");
        QemuImg.convertToVmdk(raw, src, "monolithicFlat");
        Path out = dir.resolve("out.vmdk");
        try (BlockReader in = VmdkReader.open(src);
             BlockWriter w = new VmdkFormat().create(out, size, Map.of("subformat", subformat.createType(),
                     "adapter_type", "lsilogic", "hwversion", "6"))) {
            copy(in, w);
        }
        assertTrue(QemuImg.run("check", "-f", "vmdk", out.toString()).contains("No errors"));
        String info = QemuImg.info(out);
        assertTrue(info.contains("\"format\": \"vmdk\""), info);
        assertTrue(info.contains("\"create-type\": \"" + subformat.createType() + "\""), info);
        assertTrue(info.contains("\"virtual-size\": " + size), info);
        QemuImg.run("compare", "-f", "raw", "-F", "vmdk", raw.toString(), out.toString());
        String descriptor = new String(Files.readAllBytes(out), 512, 1024, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(descriptor.contains("ddb.adapterType = \"lsilogic\""), descriptor);
        assertTrue(descriptor.contains("ddb.virtualHWVersion = \"6\""), descriptor);
        try (VmdkReader r = VmdkReader.open(out)) {
            assertEquals(subformat.createType(), r.createType());
            TestDisks.assertSameContent(raw, r);
            TestDisks.assertExtentsConsistent(r);
        }
        assertTrue(Files.size(out) < 10L * TestDisks.MIB, "holes and zero runs stay sparse: " + Files.size(out));
    }

    @Test
    void streamOptimizedHasFooterAndEndOfStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BlockWriter w = VmdkFormat.createStream("piped.vmdk", Channels.newChannel(bytes), 64L * TestDisks.MIB,
                VmdkWriterOptions.of(VmdkSubformat.STREAM_OPTIMIZED).withAdapterType("pvscsi"))) {
            w.write(40L * TestDisks.MIB + 3, ByteBuffer.wrap("hello".getBytes()));
            w.finish();
        }
        byte[] image = bytes.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(image);
        SparseExtentHeader header = new SparseExtentHeader(b.slice(0, 512));
        assertEquals(SparseExtentHeader.GD_AT_END, header.gdOffset());
        assertEquals(StreamMarker.FOOTER, StreamMarker.decode(b.slice(image.length - 1536, 512)));
        assertEquals(StreamMarker.END_OF_STREAM, StreamMarker.decode(b.slice(image.length - 512, 512)));
        SparseExtentHeader footer = new SparseExtentHeader(b.slice(image.length - 1024, 512));
        footer.ensureValid("footer", image.length);
        Path file = dir.resolve("piped.vmdk");
        Files.write(file, image);
        assertTrue(QemuImg.run("check", file.toString()).contains("No errors"));
        try (VmdkReader r = VmdkReader.open(file)) {
            ByteBuffer got = ByteBuffer.allocate(5);
            r.read(40L * TestDisks.MIB + 3, got);
            assertArrayEquals("hello".getBytes(), got.array());
            assertEquals(3, r.extents(0, r.size()).size());
        }
    }

    @Test
    void emptyDiskIsValid() throws Exception {
        for (VmdkSubformat s : new VmdkSubformat[] {VmdkSubformat.MONOLITHIC_SPARSE, VmdkSubformat.STREAM_OPTIMIZED}) {
            Path out = dir.resolve("empty-" + s + ".vmdk");
            try (BlockWriter w = VmdkFormat.create(out, 100L * TestDisks.MIB, VmdkWriterOptions.of(s))) {
                w.finish();
            }
            assertTrue(QemuImg.run("check", out.toString()).contains("No errors"));
            try (VmdkReader r = VmdkReader.open(out)) {
                assertEquals(java.util.List.of(new Extent(0, 100L * TestDisks.MIB, ExtentType.HOLE)), r.extents(0, r.size()));
            }
        }
    }

    @Test
    void writesMustAscend() throws Exception {
        try (BlockWriter w = VmdkFormat.create(dir.resolve("o.vmdk"), TestDisks.MIB, VmdkWriterOptions.of(VmdkSubformat.MONOLITHIC_SPARSE))) {
            w.write(4096, ByteBuffer.allocate(10));
            assertThrows(IllegalArgumentException.class, () -> w.write(0, ByteBuffer.allocate(10)));
            assertThrows(IllegalArgumentException.class, () -> w.zero(TestDisks.MIB - 1, 2));
        }
        assertThrows(IllegalArgumentException.class, () -> VmdkFormat.options(Map.of("subformat", "monolithicFlat")));
        assertThrows(IllegalArgumentException.class, () -> VmdkFormat.options(Map.of("cluster_size", "1M")));
    }
}
