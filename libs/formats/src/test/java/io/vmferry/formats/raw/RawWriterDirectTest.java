package io.vmferry.formats.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vmferry.formats.io.DirectSparseOutput;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw writer's direct path ({@link DirectSparseOutput}) against an in-memory image: ranges at odd offsets,
 * gaps inside one block, gaps across blocks and stage boundaries, a last block cut by an odd disk size.
 */
class RawWriterDirectTest {
    @TempDir
    Path dir;

    @Test
    void directWritesGiveTheSameBytesAsTheImage() throws Exception {
        assertNotNull(DirectSparseOutput.open(Files.createFile(dir.resolve("probe"))),
                "this test needs a file system with O_DIRECT (the suite's temp dir)");
        for (int seed = 0; seed < 6; seed++) {
            Random rnd = new Random(seed);
            int size = 20 * (1 << 20) + rnd.nextInt(4096) + 1;
            byte[] expected = new byte[size];
            Path file = dir.resolve("d" + seed + ".raw");
            try (RawWriter w = RawWriter.create(file, size)) {
                int pos = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10_000);
                while (pos < size) {
                    int len = Math.min(size - pos, 1 + switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextInt(600);
                        case 1 -> rnd.nextInt(70_000);
                        case 2 -> rnd.nextInt(5 << 20);
                        default -> 4096 * (1 + rnd.nextInt(300));
                    });
                    if (rnd.nextInt(3) > 0) {
                        byte[] data = new byte[len];
                        rnd.nextBytes(data);
                        System.arraycopy(data, 0, expected, pos, len);
                        w.write(pos, rnd.nextBoolean() ? ByteBuffer.wrap(data)
                                : ByteBuffer.allocateDirect(len).put(data).flip());
                    } else {
                        w.zero(pos, len);
                    }
                    pos += len + switch (rnd.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> rnd.nextInt(4096);
                        case 2 -> rnd.nextInt(3 << 20);
                        default -> 4096 - pos % 4096;
                    };
                }
                w.finish();
            }
            assertEquals(size, Files.size(file), "seed " + seed);
            assertArrayEquals(expected, Files.readAllBytes(file), "seed " + seed);
        }
    }
}
