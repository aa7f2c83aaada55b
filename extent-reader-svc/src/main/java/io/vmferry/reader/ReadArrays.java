package io.vmferry.reader;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct arrays NBD reads land in, shared by the transfers of one reader; thread-safe (each transfer runs on
 * its own event loop). A transfer {@link #open opens} with the most arrays it can hold at once, takes an array per
 * read and gives it back once the sender wrote every extent cut from it. The pool keeps as many free arrays as its
 * open transfers can hold together, and one transfer's worth while none is open, so the next job starts with
 * arrays that are already mapped; arrays beyond that are left to the collector.
 * <p>Performance: a transfer holds its read budget in completed reads (96 arrays of 512 KiB by default) plus the
 * arrays the sender is still writing (15-30 over TLS), and comes back to them in bursts. A pool of 18 per transfer
 * dropped most of a burst and allocated again: ~1100 fresh direct arrays per 2 GiB full, each zeroed by the JVM and
 * faulted in page by page by the kernel (9 % of the reader's CPU in {@code perf}), freed only when the collector ran.
 */
final class ReadArrays {
    /** Arrays a transfer may have with the sender beyond its read budget before they are not kept. */
    static final int SENDER_ALLOWANCE = 32;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long openArrays;
    private long idleArrays;

    /** The most arrays a transfer with {@code options} holds at once: its read budget, reads in flight, the sender's. */
    static int perTransfer(ReaderOptions options) {
        long budget = options.maxBufferedBytes() / options.readSize() + 1;
        return (int) Math.min(Integer.MAX_VALUE, budget + options.maxReadsAhead() + SENDER_ALLOWANCE);
    }

    /** A transfer starts that holds up to {@code arrays} at once; pair with {@link #close}. */
    synchronized void open(int arrays) {
        openArrays += arrays;
        idleArrays = Math.max(idleArrays, arrays);
    }

    /** A transfer that {@link #open opened} with {@code arrays} ended: free arrays beyond the new limit go. */
    synchronized void close(int arrays) {
        openArrays -= arrays;
        while (free.size() > limit()) {
            free.pop();
        }
    }

    /** A free array of {@code capacity} bytes (contents undefined), or a new one. */
    ByteBuffer take(int capacity) {
        ByteBuffer array;
        synchronized (this) {
            do {
                array = free.poll();
            } while (array != null && array.capacity() != capacity); // a reader's read size does not change
        }
        return array != null ? array : ByteBuffer.allocateDirect(capacity);
    }

    /** Gives back an array from {@link #take}: nothing may use it any more. */
    synchronized void give(ByteBuffer array) {
        if (free.size() < limit()) {
            free.push(array);
        }
    }

    /** Free arrays kept now. */
    synchronized int kept() {
        return free.size();
    }

    private long limit() {
        return Math.max(openArrays, idleArrays);
    }
}
