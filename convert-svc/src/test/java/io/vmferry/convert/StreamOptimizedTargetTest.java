package io.vmferry.convert;

import io.vmferry.testkit.images.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversion into streamOptimized VMDK, whose grains are deflated on a pool of threads: the result
 * passes qemu-img, and a failure half-way leaves neither a file nor a deflating thread behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamOptimizedTargetTest {
    static final long SIZE = 40 * TestImages.MIB + 3 * 512;
    static final Map<String, String> STREAM_OPTIMIZED = Map.of("subformat", "streamOptimized");

    @TempDir
    Path dir;

    @Test
    void qcow2BecomesAStreamOptimizedDiskQemuAccepts() throws Exception {
        Path raw = TestImages.patternedRaw(dir.resolve("disk.raw"), SIZE, 11);
        Path src = TestImages.convert(raw, dir.resolve("disk.qcow2"), "qcow2");
        Path out = dir.resolve("out.vmdk");
        ConversionResult r = new ImageConverter().convert(
                ConversionSpec.of(src, out).withOptions(STREAM_OPTIMIZED), ProgressListener.NONE, false);
        assertEquals(SIZE, r.dataBytes() + r.zeroBytes());
        TestImages.assertSameContent(raw, out);
        TestImages.qemuImg("check", out.toString());
        assertTrue(TestImages.qemuImg("info", out.toString()).contains("create type: streamOptimized"));
    }

    @Test
    void sourceFailingHalfWayLeavesNoFileAndNoDeflatingThread() throws Exception {
        Path raw = TestImages.patternedRaw(dir.resolve("disk.raw"), SIZE, 12);
        Path src = TestImages.convert(raw, dir.resolve("cut.qcow2"), "qcow2");
        try (var ch = Files.newByteChannel(src, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(src) / 2);
        }
        Path out = dir.resolve("cut.vmdk");
        ConvertException e = assertThrows(ConvertException.class, () -> new ImageConverter().convert(
                ConversionSpec.of(src, out).withOptions(STREAM_OPTIMIZED), ProgressListener.NONE, false));
        assertEquals(ConvertException.Kind.BAD_SOURCE, e.kind());
        assertTrue(e.getMessage().startsWith(src + ": ") && e.getMessage().contains("outside the file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out));
        TestStreams.assertNoLeftovers(dir, "cut.vmdk");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vmferry-deflate-")) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName() + " still running");
            }
        }
    }
}
