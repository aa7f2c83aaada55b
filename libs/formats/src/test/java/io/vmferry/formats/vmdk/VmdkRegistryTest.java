package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.ImageFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** VMDK is reachable through the {@link ImageFormats} registry: detection, opening, creation. */
class VmdkRegistryTest {
    @TempDir
    Path dir;

    @Test
    void detectedOpenedAndCreatedThroughTheRegistry() throws Exception {
        Path out = dir.resolve("r.vmdk");
        try (BlockWriter w = ImageFormats.create(out, "vmdk", 1 << 20, Map.of("subformat", "streamOptimized"))) {
            w.write(512, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            w.finish();
        }
        assertEquals("vmdk", ImageFormats.detect(out));
        try (BlockReader r = ImageFormats.open(out)) {
            assertEquals("vmdk", r.format());
            ByteBuffer b = ByteBuffer.allocate(3);
            r.read(512, b);
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), b.flip());
        }
        QemuImg.assumeAvailable();
        Path flat = dir.resolve("flat.vmdk");
        QemuImg.run("create", "-f", "vmdk", "-o", "subformat=monolithicFlat", flat.toString(), "1M");
        assertEquals("vmdk", ImageFormats.detect(flat));
        assertEquals("raw", ImageFormats.detect(dir.resolve("flat-flat.vmdk")));
    }
}
