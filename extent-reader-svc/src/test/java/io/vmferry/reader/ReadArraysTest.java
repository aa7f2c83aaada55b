package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void aTransferAllowanceCoversItsBudgetReadsInFlightAndTheSender() {
        ReaderOptions options = ReaderOptions.DEFAULT;
        assertEquals((48 << 20) / (512 << 10) + 1 + 16 + ReadArrays.SENDER_ALLOWANCE, ReadArrays.perTransfer(options));
    }

    @Test
    void burstsOfArraysComingBackAreReusedNotAllocatedAgain() {
        ReadArrays arrays = new ReadArrays();
        arrays.open(120);
        Set<ByteBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int round = 0; round < 20; round++) { // the sender holds 100, then returns them at once
            List<ByteBuffer> out = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ByteBuffer array = arrays.take(READ);
                assertEquals(READ, array.capacity());
                assertTrue(array.isDirect());
                out.add(array);
                seen.add(array);
            }
            out.forEach(arrays::give);
        }
        assertEquals(100, seen.size(), "distinct arrays over 2000 reads in bursts of 100");
        assertEquals(100, arrays.kept());
    }

    @Test
    void keepsWhatOpenTransfersHoldTogetherThenOneTransfersWorth() {
        ReadArrays arrays = new ReadArrays();
        arrays.open(3);
        arrays.open(2);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(arrays.take(READ));
        }
        out.forEach(arrays::give);
        assertEquals(5, arrays.kept(), "two open transfers of 3 and 2");
        arrays.close(2);
        assertEquals(3, arrays.kept(), "one open transfer of 3");
        arrays.close(3);
        assertEquals(3, arrays.kept(), "none open: the largest transfer's worth stays for the next job");
        ByteBuffer first = arrays.take(READ);
        assertSame(out.get(2), first, "arrays come out newest kept first");
    }

    @Test
    void anArrayOfAnotherSizeIsNotHandedOut() {
        ReadArrays arrays = new ReadArrays();
        arrays.open(4);
        ByteBuffer small = arrays.take(READ);
        arrays.give(small);
        ByteBuffer big = arrays.take(2 * READ);
        assertNotSame(small, big);
        assertEquals(2 * READ, big.capacity());
        assertEquals(0, arrays.kept(), "the other size was dropped, not kept for ever");
    }

    @Test
    void optionsOfTheReaderGiveItsAllowance() {
        ReaderOptions small = ReaderOptions.DEFAULT.withBuffering(READ, 4L * READ, 2);
        assertEquals(4 + 1 + 2 + ReadArrays.SENDER_ALLOWANCE, ReadArrays.perTransfer(small));
    }
}
