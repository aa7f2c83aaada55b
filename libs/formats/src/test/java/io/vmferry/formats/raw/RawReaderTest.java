package io.vmferry.formats.raw;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ExtentType;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RawReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFileAndReportsAllData() throws IOException {
        Path src = TestImages.patternedRaw(dir.resolve("a.img"), TestImages.ODDER_SIZE, 3);
        assertEquals("raw", ImageFormats.detect(src));
        try (BlockReader r = ImageFormats.open(src)) {
            assertFalse(r.canExtents());
            TestImages.assertSameContent(src, r);
            assertEquals(1, r.extents(0, r.size()).size());
            assertEquals(ExtentType.DATA, r.extents(5, 10).get(0).type());
        }
    }
}
