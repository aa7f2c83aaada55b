package io.vmferry.reader;

import io.vmferry.formats.io.DirectBufferPool;
import java.nio.ByteBuffer;

/**
 * The direct arrays NBD reads land in, shared by the transfers of one reader; thread-safe (each transfer runs on
 * its own event loop). A transfer {@link #open opens}, takes an array per read and gives it back once the sender
 * wrote every extent cut from it. The pool keeps as many free arrays as its open transfers can hold together, and
 * one transfer's worth while none is open, so the next job starts with arrays that are already mapped; arrays
 * beyond that are left to the collector.
 * <p>Performance: a transfer holds its read budget in completed reads (96 arrays of 512 KiB by default) plus the
 * arrays the sender is still writing (15-30 over TLS), and comes back to them in bursts. A pool of 18 per transfer
 * dropped most of a burst and allocated again: ~1100 fresh direct arrays per 2 GiB full, each zeroed by the JVM and
 * faulted in page by page by the kernel (9 % of the reader's CPU in {@code perf}), freed only when the collector ran.
 */
final class ReadArrays {
    /** Arrays a transfer may have with the sender beyond its read budget before they are not kept. */
    static final int SENDER_ALLOWANCE = 32;

    /** The most arrays one transfer holds at once. */
    private final int perTransfer;
    private final DirectBufferPool pool;
    private int openTransfers;

    /** The arrays of a reader with {@code options}: its read size, and what each of its transfers holds. */
    ReadArrays(ReaderOptions options) {
        this.perTransfer = perTransfer(options);
        this.pool = new DirectBufferPool(options.readSize(), 1, perTransfer);
    }

    /** The most arrays a transfer with {@code options} holds: its read budget, reads in flight, the sender's. */
    static int perTransfer(ReaderOptions options) {
        long budget = options.maxBufferedBytes() / options.readSize() + 1;
        return (int) Math.min(Integer.MAX_VALUE, budget + options.maxReadsAhead() + SENDER_ALLOWANCE);
    }

    /** A transfer starts; pair with {@link #close}. */
    synchronized void open() {
        openTransfers++;
        pool.limit(keepLimit());
    }

    /** A transfer that {@link #open opened} ended: free arrays beyond what the open ones hold go. */
    synchronized void close() {
        openTransfers--;
        pool.limit(keepLimit());
    }

    /** A free array of the read size (contents undefined), or a new one. */
    ByteBuffer take() {
        return pool.take();
    }

    /** Gives back an array from {@link #take}: nothing may use it any more. */
    void give(ByteBuffer array) {
        pool.give(array);
    }

    /** Free arrays kept now. */
    int kept() {
        return pool.kept();
    }

    private int keepLimit() {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.max(openTransfers, 1) * perTransfer);
    }
}
