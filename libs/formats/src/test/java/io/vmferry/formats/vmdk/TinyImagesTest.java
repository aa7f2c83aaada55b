package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-built fuzz seeds are valid images (and qemu-img agrees when it is installed). */
class TinyImagesTest {
    @TempDir
    Path dir;

    @Test
    void tinyImagesReadAsExpected() throws Exception {
        for (byte[] image : List.of(TinyImages.sparse(), TinyImages.stream())) {
            Path file = dir.resolve("fuzz.vmdk");
            Files.write(file, image);
            try (VmdkReader r = VmdkReader.open(file)) {
                ByteBuffer all = ByteBuffer.allocate((int) r.size());
                r.read(0, all);
                assertArrayEquals(TinyImages.content(), all.array());
                List<Extent> extents = r.extents(0, r.size());
                assertEquals(new Extent(0, 1024, ExtentType.DATA), extents.get(0));
                assertEquals(new Extent(5 * 512, 512, ExtentType.DATA), extents.get(image.length < 6000 ? 3 : 2), extents.toString());
            }
        }
    }

    /** Writes the fuzz seeds to the Jazzer input directory; run by hand after changing them. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Files.write(out.resolve("tiny-sparse"), TinyImages.sparse());
        Files.write(out.resolve("tiny-stream"), TinyImages.stream());
    }
}
