package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grains deflated in parallel give the same stream as sequential deflate; a worker's failure surfaces as is. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamOptimizedParallelTest {
    static final long SIZE = 48L * TestDisks.MIB + 65536 + 1536;

    @TempDir
    Path dir;

    @Test
    void parallelStreamEqualsSequentialStream() throws Exception {
        Path raw = TestDisks.standard(dir, "src.raw", SIZE);
        byte[] sequential = write(raw, 1, ParallelGrainDeflater.DEFLATE);
        byte[] parallel = write(raw, 4, ParallelGrainDeflater.DEFLATE);
        assertArrayEquals(sequential, parallel);
        Path out = dir.resolve("p.vmdk");
        Files.write(out, parallel);
        QemuImg.assumeAvailable();
        assertTrue(QemuImg.run("check", "-f", "vmdk", out.toString()).contains("No errors"));
        QemuImg.run("compare", "-f", "raw", "-F", "vmdk", raw.toString(), out.toString());
    }

    @Test
    void workerFailureSurfacesUnwrappedAndStopsThePool() throws Exception {
        Path raw = TestDisks.standard(dir, "src.raw", SIZE);
        AtomicInteger calls = new AtomicInteger();
        ParallelGrainDeflater.Compress failing = (d, grain) -> {
            if (calls.incrementAndGet() == 20) {
                throw new IllegalStateException("s.vmdk: deflate output exceeds its bound");
            }
            return d.deflate(grain);
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> write(raw, 3, failing));
        assertEquals("s.vmdk: deflate output exceeds its bound", e.getMessage());
        assertFalse(deflateThreadsAliveAfterExit(), "close() stops the deflating threads");
    }

    /** The stream of {@code raw} written with {@code threads} threads, its random CID replaced by a fixed one. */
    private static byte[] write(Path raw, int threads, ParallelGrainDeflater.Compress compress) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BlockReader in = io.vmferry.formats.raw.RawReader.open(raw);
             StreamOptimizedWriter w = new StreamOptimizedWriter("s.vmdk", Channels.newChannel(bytes), SIZE,
                     VmdkWriterOptions.of(VmdkSubformat.STREAM_OPTIMIZED), threads, compress)) {
            VmdkWriterTest.copy(in, w);
        }
        byte[] image = bytes.toByteArray();
        String head = new String(image, 0, 65536, StandardCharsets.ISO_8859_1).replaceFirst("CID=[0-9a-f]{8}", "CID=00000000");
        byte[] fixed = head.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(fixed, 0, image, 0, fixed.length);
        return image;
    }

    /** Whether a deflating thread is still alive after the pool's threads had time to leave their run loop. */
    private static boolean deflateThreadsAliveAfterExit() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vmferry-deflate-")) {
                t.join(10_000);
            }
        }
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("vmferry-deflate-"));
    }
}
