package io.vmferry.stream.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.ZeroFrame;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameReadAheadTest {
    private static final int MIB = 1 << 20;

    /** A source of {@code count} frames, alternating 1 MiB data and zero frames, then a failure or the end. */
    private static final class CountingSource implements FrameReadAhead.Source {
        final AtomicInteger produced = new AtomicInteger();
        private final int count;
        private final Exception failure;

        CountingSource(int count, Exception failure) {
            this.count = count;
            this.failure = failure;
        }

        @Override
        public ContentFrame next() throws IOException {
            int i = produced.get();
            if (i == count) {
                if (failure instanceof IOException e) {
                    throw e;
                }
                if (failure != null) {
                    throw (RuntimeException) failure;
                }
                return null;
            }
            produced.incrementAndGet();
            return i % 2 == 0 ? new DataFrame(i, (long) i * MIB, Buffer.buffer(new byte[MIB]), false)
                    : new ZeroFrame(i, (long) i * MIB, MIB);
        }
    }

    @Test
    void framesComeOutInOrderThenTheEnd() throws Exception {
        CountingSource source = new CountingSource(50, null);
        try (FrameReadAhead ahead = FrameReadAhead.start(source, 4L * MIB, "test")) {
            for (int i = 0; i < 50; i++) {
                ContentFrame f = ahead.next();
                assertEquals((long) i * MIB, f.offset(), "frame " + i);
                assertEquals(i % 2 == 0, f instanceof DataFrame);
            }
            assertNull(ahead.next());
            assertNull(ahead.next(), "the end stays the end");
        }
    }

    @Test
    void aFailureComesOutWhereItHappenedAsTheSameException() throws Exception {
        StreamFormatException corrupt = new StreamFormatException(StreamFormatError.CRC_MISMATCH, "frame 7 is bad");
        try (FrameReadAhead ahead = FrameReadAhead.start(new CountingSource(7, corrupt), MIB, "test")) {
            for (int i = 0; i < 7; i++) {
                assertEquals((long) i * MIB, ahead.next().offset());
            }
            assertSame(corrupt, assertThrows(StreamFormatException.class, ahead::next));
        }
        IOException io = new IOException("disk gone");
        try (FrameReadAhead ahead = FrameReadAhead.start(new CountingSource(0, io), MIB, "test")) {
            assertSame(io, assertThrows(IOException.class, ahead::next));
        }
    }

    @Test
    void theProducerStaysWithinTheBudgetAndStopsOnClose() throws Exception {
        CountingSource source = new CountingSource(1000, null);
        FrameReadAhead ahead = FrameReadAhead.start(source, 3L * MIB, "test");
        waitUntilSettled(source);
        // data and zero frames alternate: 3 MiB of data queued = 6 frames (3 data, 3 zero), the 7th (data) waits
        assertEquals(7, source.produced.get(), "frames decoded ahead with nothing consumed");
        assertEquals(0, ahead.next().offset());
        waitUntilSettled(source);
        assertEquals(9, source.produced.get(), "one data frame consumed lets the next data and zero frame in");
        ahead.close();
        int atClose = source.produced.get();
        Thread.sleep(100);
        assertEquals(atClose, source.produced.get(), "nothing is decoded after close");
    }

    @Test
    void aFrameLargerThanTheBudgetStillPasses() throws Exception {
        try (FrameReadAhead ahead = FrameReadAhead.start(new CountingSource(5, null), 1, "test")) {
            int n = 0;
            while (ahead.next() != null) {
                n++;
            }
            assertEquals(5, n);
        }
    }

    private static void waitUntilSettled(CountingSource source) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 100 && source.produced.get() != last; i++) {
            last = source.produced.get();
            Thread.sleep(50);
        }
        assertTrue(last >= 0);
    }
}
