package io.vmferry.formats.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same-size direct buffers: alignment, what is kept up to the limit, and a lowered limit. */
class DirectBufferPoolTest {
    private static final int SIZE = 3 << 20;
    private static final int HUGE_PAGE = 2 << 20;

    @Test
    void buffersHaveTheSizeAndStartAtTheAlignment() {
        DirectBufferPool pool = new DirectBufferPool(SIZE, HUGE_PAGE, 1);
        ByteBuffer b = pool.take();
        assertTrue(b.isDirect());
        assertEquals(0, b.alignmentOffset(0, HUGE_PAGE), "starts at a 2 MiB boundary");
        assertEquals(0, b.position());
        assertEquals(SIZE, b.limit());
        b.position(100).limit(200);
        pool.give(b);
        ByteBuffer again = pool.take();
        assertSame(b, again, "the kept buffer is handed out again");
        assertEquals(0, again.position(), "with its position and limit as new");
        assertEquals(SIZE, again.limit());
        assertEquals(SIZE, pool.size());
    }

    @Test
    void keepsUpToItsLimitAndDropsTheRestWhenTheLimitFalls() {
        DirectBufferPool pool = new DirectBufferPool(4096, 1, 3);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(pool.take());
        }
        out.forEach(pool::give);
        assertEquals(3, pool.kept(), "the limit");
        pool.limit(1);
        assertEquals(1, pool.kept(), "a lower limit drops kept buffers at once");
        ByteBuffer kept = pool.take();
        assertSame(out.get(0), kept, "a lower limit drops the buffers given back last");
        assertNotSame(kept, pool.take(), "none left: a new one");
        pool.limit(0);
        pool.give(kept);
        assertEquals(0, pool.kept(), "limit 0 keeps nothing");
    }

    @Test
    void refusesAnAlignmentThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new DirectBufferPool(4096, 3000, 1));
    }
}
