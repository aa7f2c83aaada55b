package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vmferry.formats.raw.RawWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashWriterTest {
    @TempDir
    Path dir;

    @Test
    void hashIsTheSha256OfTheRawFile() throws Exception {
        Random rnd = new Random(3);
        long size = (9L << 20) + 517;
        Path file = dir.resolve("d.raw");
        ContentHashWriter w = new ContentHashWriter(RawWriter.create(file, size));
        try (w) {
            long pos = 1000;
            while (pos < size - 70_000) {
                byte[] data = new byte[1 + rnd.nextInt(65_536)];
                rnd.nextBytes(data);
                w.write(pos, rnd.nextBoolean() ? ByteBuffer.wrap(data) : ByteBuffer.allocateDirect(data.length).put(data).flip());
                pos += data.length + rnd.nextInt(200_000);
                if (rnd.nextBoolean() && pos + 5000 < size) {
                    w.zero(pos, 5000);
                    pos += 5000;
                }
            }
            w.finish();
        }
        assertEquals(FileHash.sha256(file), w.sha256());
    }
}
