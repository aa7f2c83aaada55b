package io.vmferry.formats.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage region kept from one output to the next ({@link StageRegions}). */
class DirectSparseOutputTest {
    @TempDir
    Path dir;

    @Test
    void aClosedOutputGivesItsRegionToTheNextWhichNeverShowsItsBytes() throws Exception {
        DirectSparseOutput first = DirectSparseOutput.open(Files.createFile(dir.resolve("first.raw")));
        assertNotNull(first, "this test needs a file system with O_DIRECT (the suite's temp dir)");
        byte[] ones = new byte[5 << 20];
        Arrays.fill(ones, (byte) 0xff);
        first.write(0, ByteBuffer.wrap(ones)); // more than a stage: every stage buffer holds 0xff now
        first.finish(ones.length);
        int kept = DirectSparseOutput.REGIONS.kept();
        first.close();
        assertEquals(kept + 1, DirectSparseOutput.REGIONS.kept(), "closed with no write in flight: region kept");
        first.close();
        assertEquals(kept + 1, DirectSparseOutput.REGIONS.kept(), "a second close gives nothing back twice");
        assertThrows(IllegalStateException.class, () -> first.write(ones.length, ByteBuffer.wrap(ones)),
                "a closed output no longer owns the region");

        Path file = Files.createFile(dir.resolve("second.raw"));
        byte[] expected = new byte[10_000];
        try (DirectSparseOutput second = DirectSparseOutput.open(file)) {
            assertEquals(kept, DirectSparseOutput.REGIONS.kept(), "the next output takes the kept region");
            byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            second.write(4097, ByteBuffer.wrap(data)); // a gap before it inside the block, padding after it
            System.arraycopy(data, 0, expected, 4097, data.length);
            second.write(9000, ByteBuffer.wrap(data));
            System.arraycopy(data, 0, expected, 9000, data.length);
            second.finish(expected.length);
        }
        assertArrayEquals(expected, Files.readAllBytes(file), "gaps and padding are zeros, not the last output's");
    }
}
