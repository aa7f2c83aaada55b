package io.vmferry.reader;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.reader.PlannedRange.Action;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamExtent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extents of one disk for the stream sender, read through NBD a few requests ahead of the
 * sink: reads are issued while fewer than {@code maxReadsAhead} are in flight and the read data
 * not yet taken by the sender stays under {@code maxBufferedBytes}; the sender's back-pressure
 * (it asks for the next extent only when the socket can take more) therefore bounds memory.
 * Extents come out in plan order whatever order reads complete in. Confined to the disk's event
 * loop, like the NBD client and the sender it sits between.
 * Reads also wait for the {@link ReadPacer} when a read rate limit is set (timers, never a blocked loop).
 * <p>Performance: the read arrays come from the reader's {@link ReadArrays} and go back to it once the sender
 * reports every data extent cut from them written ({@link #written}). They are direct memory, which the sender's
 * TLS engine encrypts as it is: a heap array it first copied into direct memory.
 */
final class ExtentSource implements FrameSource {
    private static final int MAX_SLOTS = 4096;

    private final Vertx vertx;
    private final NbdClient nbd;
    private final List<PlannedRange> plan;
    private final ReaderOptions options;
    private final FrameType sparse;
    private final int maxPiece;
    private final TransferCounters counters;
    private final ReadPacer pacer;
    private final ArrayDeque<ReadSlot> slots = new ArrayDeque<>();
    private final ReadArrays arrays;
    private final Map<StreamExtent, ReadSlot> unwritten = new IdentityHashMap<>();
    private int planIndex;
    private long readPos = -1;
    private long reserved;
    private int inFlight;
    private Promise<StreamExtent> waiter;
    private Throwable failure;
    private long lastPull = System.nanoTime();
    private boolean exhausted;
    /** The timer after which reads held back by the pacer go on, or -1. */
    private long paceTimer = -1;

    /**
     * @param sparse   frame type for ranges that read as zeros: {@code HOLE} for full backups,
     *                 {@code ZERO} for incremental and differential ones
     * @param maxPiece largest data extent handed out (the encoder's frame size)
     * @param pacer    the read rate limit, shared with the other transfers of the reader
     * @param arrays   the reader's read arrays; this source holds its share until {@link #fail}
     */
    ExtentSource(Vertx vertx, NbdClient nbd, List<PlannedRange> plan, ReaderOptions options, FrameType sparse,
                 int maxPiece, TransferCounters counters, ReadPacer pacer, ReadArrays arrays) {
        this.vertx = vertx;
        this.nbd = nbd;
        this.plan = plan;
        this.options = options;
        this.sparse = sparse;
        this.maxPiece = maxPiece;
        this.counters = counters;
        this.pacer = pacer;
        this.arrays = arrays;
        arrays.open();
    }

    @Override
    public Future<StreamExtent> next() {
        lastPull = System.nanoTime();
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        fill();
        while (true) {
            ReadSlot head = slots.peek();
            if (head == null && paceTimer >= 0) { // the next read waits for the rate limit
                waiter = Promise.promise();
                return waiter.future();
            }
            if (head == null) {
                exhausted = true;
                return Future.succeededFuture(null);
            }
            if (!head.isComplete()) {
                waiter = Promise.promise();
                return waiter.future();
            }
            StreamExtent extent = head.poll();
            if (extent != null && extent.type() == FrameType.DATA) {
                head.lend();
                unwritten.put(extent, head);
            }
            if (head.drained()) {
                slots.poll();
                release(head);
            }
            if (extent != null) {
                return Future.succeededFuture(extent);
            }
        }
    }

    @Override
    public void written(StreamExtent extent) {
        ReadSlot slot = unwritten.remove(extent);
        ByteBuffer free = slot == null ? null : slot.giveBack();
        if (free != null) {
            arrays.give(free);
        }
    }

    /** An array for a read of {@code length} bytes: one of the read size, which reads never exceed. */
    private ByteBuffer array(int length) {
        return arrays.take();
    }

    /**
     * Milliseconds since the sender last asked for an extent while this source had one to give: how
     * long the sink has been taking nothing. 0 while the sender waits for a read, and after the end.
     */
    long stalledMillis() {
        return exhausted || waiter != null || failure != null ? 0 : (System.nanoTime() - lastPull) / 1_000_000;
    }

    /**
     * Stops reading: the pending and every later {@link #next()} fail with {@code cause}. Also how a finished
     * transfer ends its source: its share of the read arrays is given up (arrays still coming back are kept within
     * the pool's limit).
     */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            arrays.close();
        }
        for (ReadSlot slot : slots) {
            cancelTimer(slot);
        }
        if (paceTimer >= 0) {
            vertx.cancelTimer(paceTimer);
            paceTimer = -1;
        }
        if (waiter != null) {
            Promise<StreamExtent> w = waiter;
            waiter = null;
            w.tryFail(failure);
        }
    }

    private void fill() {
        while (failure == null && paceTimer < 0 && slots.size() < MAX_SLOTS && planIndex < plan.size()) {
            PlannedRange range = plan.get(planIndex);
            if (range.action() != Action.READ) {
                FrameType type = range.action() == Action.HOLE ? FrameType.HOLE : FrameType.ZERO;
                slots.add(ReadSlot.ready(new StreamExtent(type, range.offset(), range.length(), null)));
                planIndex++;
                continue;
            }
            long pos = readPos < 0 ? range.offset() : readPos;
            long cut = (pos / options.readSize() + 1) * options.readSize();
            int length = (int) (Math.min(range.end(), cut) - pos);
            boolean overBudget = reserved > 0 && reserved + length > options.maxBufferedBytes();
            if (inFlight >= options.maxReadsAhead() || overBudget) {
                return;
            }
            long wait = pacer.delayNanos(length);
            if (wait > 0) {
                paceFor(wait);
                return;
            }
            issue(ReadSlot.read(pos, length, sparse, maxPiece, this::array));
            readPos = pos + length;
            if (readPos == range.end()) {
                planIndex++;
                readPos = -1;
            }
        }
    }

    /** Goes on reading after {@code nanos} (the pacer's wait); the time is counted as held back. */
    private void paceFor(long nanos) {
        long since = System.nanoTime();
        paceTimer = vertx.setTimer(Math.max(1, (nanos + 999_999) / 1_000_000), id -> {
            paceTimer = -1;
            counters.addPaced(System.nanoTime() - since);
            fill();
        });
    }

    private void issue(ReadSlot slot) {
        slots.add(slot);
        reserved += slot.reserved();
        inFlight++;
        long timeoutMs = options.readTimeout().toMillis();
        slot.timer = vertx.setTimer(timeoutMs, id -> {
            slot.timer = -1;
            fail(new ReadTimeoutException("NBD read offset=" + slot.offset() + " length=" + slot.reserved()
                    + " did not complete within " + timeoutMs / 1000.0 + " s"));
        });
        nbd.read(slot.offset(), slot.reserved(), chunk -> counters.addRead(slot.accept(chunk))).onComplete(ar -> {
            inFlight--;
            cancelTimer(slot);
            if (failure != null) {
                return;
            }
            try {
                if (ar.failed()) {
                    throw ar.cause();
                }
                slot.complete();
            } catch (Throwable e) {
                fail(e);
                return;
            }
            if (waiter != null && slots.peek() == slot) {
                Promise<StreamExtent> w = waiter;
                waiter = null;
                next().onComplete(w);
            } else {
                fill();
            }
        });
    }

    private void release(ReadSlot slot) {
        reserved -= slot.reserved();
        counters.addDone(slot.reserved());
    }

    private void cancelTimer(ReadSlot slot) {
        if (slot.timer >= 0) {
            vertx.cancelTimer(slot.timer);
            slot.timer = -1;
        }
    }
}
