package io.vmferry.formats.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage regions: kept from one output to the next ({@link DirectBufferPool}), grown while the device is behind. */
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

    @Test
    void aDeviceFallingBehindGrowsTheQueueToItsLimitThenHoldsTheCaller() throws Exception {
        CountDownLatch deviceBack = new CountDownLatch(1);
        Path file = Files.createFile(dir.resolve("slow.raw"));
        int limit = DirectSparseOutput.MAX_REGIONS * DirectSparseOutput.STAGES_PER_REGION;
        byte[] stage = new byte[DirectSparseOutput.STAGE_BYTES];
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (DirectSparseOutput out = DirectSparseOutput.open(file, (channel, at, src) -> {
            awaitUninterruptibly(deviceBack);
            FileWrites.writeFully(channel, at, src);
        })) {
            assertNotNull(out, "this test needs a file system with O_DIRECT (the suite's temp dir)");
            assertEquals(DirectSparseOutput.STAGES_PER_REGION, out.stageBuffers(), "one region to start with");
            // every stage filled is handed to the stalled device: with one region the caller would wait at the 4th
            caller.submit(() -> writeStages(out, stage, 0, limit - 1)).get(30, TimeUnit.SECONDS);
            assertEquals(limit, out.stageBuffers(), "grown while the device fell behind, up to the limit");
            Future<Object> last = caller.submit(() -> writeStages(out, stage, limit - 1, limit));
            assertThrows(TimeoutException.class, () -> last.get(300, TimeUnit.MILLISECONDS),
                    "every buffer queued: the caller waits for the device instead of growing further");
            deviceBack.countDown();
            last.get(30, TimeUnit.SECONDS);
            assertEquals(limit, out.stageBuffers());
            out.finish((long) limit * stage.length);
        } finally {
            deviceBack.countDown();
            caller.shutdownNow();
        }
        try (FileChannel written = FileChannel.open(file)) {
            ByteBuffer read = ByteBuffer.allocate(stage.length);
            for (int i = 0; i < limit; i++) {
                read.clear();
                while (read.hasRemaining() && written.read(read, (long) i * stage.length + read.position()) > 0) {
                    // until the stage is read
                }
                Arrays.fill(stage, (byte) (i + 1));
                assertArrayEquals(stage, read.array(), "stage " + i + " written once, at its offset");
            }
        }
    }

    /** Writes stages {@code from} to {@code to} (exclusive), stage i filled with the byte i + 1. */
    private static Object writeStages(DirectSparseOutput out, byte[] stage, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Arrays.fill(stage, (byte) (i + 1));
            out.write((long) i * stage.length, ByteBuffer.wrap(stage));
        }
        return null;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
