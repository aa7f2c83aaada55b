package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader's pool of read arrays: what it keeps, for how many transfers, and that bursts allocate nothing. */
class ReadArraysTest {
    private static final int READ = 64 << 10;
    /** Read budget 4 arrays, 2 reads ahead: a transfer holds 4 + 1 + 2 + the sender's allowance. */
    private static final ReaderOptions SMALL = ReaderOptions.DEFAULT.withBuffering(READ, 4L * READ, 2);
    private static final int PER_TRANSFER = 4 + 1 + 2 + ReadArrays.SENDER_ALLOWANCE;

    @Test
    void aTransferAllowanceCoversItsBudgetReadsInFlightAndTheSender() {
        assertEquals((48 << 20) / (512 << 10) + 1 + 16 + ReadArrays.SENDER_ALLOWANCE,
                ReadArrays.perTransfer(ReaderOptions.DEFAULT));
        assertEquals(PER_TRANSFER, ReadArrays.perTransfer(SMALL));
    }

    @Test
    void burstsOfArraysComingBackAreReusedNotAllocatedAgain() {
        ReadArrays arrays = new ReadArrays(SMALL);
        arrays.open();
        Set<ByteBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int round = 0; round < 20; round++) { // the sender holds 30, then returns them at once
            List<ByteBuffer> out = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ByteBuffer array = arrays.take();
                assertEquals(READ, array.capacity());
                assertEquals(READ, array.remaining());
                assertTrue(array.isDirect());
                array.position(READ / 2); // a reader's use leaves no trace on the next taker
                out.add(array);
                seen.add(array);
            }
            out.forEach(arrays::give);
        }
        assertEquals(30, seen.size(), "distinct arrays over 600 reads in bursts of 30");
        assertEquals(30, arrays.kept());
    }

    @Test
    void keepsWhatOpenTransfersHoldTogetherThenOneTransfersWorth() {
        ReadArrays arrays = new ReadArrays(SMALL);
        arrays.open();
        arrays.open();
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 3 * PER_TRANSFER; i++) {
            out.add(arrays.take());
        }
        out.forEach(arrays::give);
        assertEquals(2 * PER_TRANSFER, arrays.kept(), "two open transfers");
        arrays.close();
        assertEquals(PER_TRANSFER, arrays.kept(), "one open transfer");
        arrays.close();
        assertEquals(PER_TRANSFER, arrays.kept(), "none open: one transfer's worth stays for the next job");
    }
}
