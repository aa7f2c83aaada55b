package io.vmferry.formats.vmdk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Deflates grains on a fixed pool of {@code threads} daemon threads and hands the results to a
 * {@link Sink} on the submitting thread, in submission order, so the stream written from them is
 * the one a sequential writer produces. At most {@code 2 * threads} grains are in flight: each has a
 * slot (input grain, {@link GrainDeflater}) reused once its result is delivered, so memory stays
 * bounded. With one thread, grains are deflated on the submitting thread and no pool is started.
 * A failure in a worker is rethrown, unwrapped, by the {@link #submit} or {@link #drain} that
 * delivers that grain.
 */
final class ParallelGrainDeflater implements AutoCloseable {

    /** Receives compressed grains in order: {@code buf[GRAIN_HEADER_SIZE ..]} holds {@code length} bytes. */
    @FunctionalInterface
    interface Sink {
        void accept(long index, byte[] buf, int length) throws IOException;
    }

    /** What a worker runs on a slot: normally {@link #DEFLATE}; tests inject failures here. */
    @FunctionalInterface
    interface Compress {
        int apply(GrainDeflater deflater, byte[] grain);
    }

    static final Compress DEFLATE = GrainDeflater::deflate;

    private static final class Slot {
        final byte[] grain;
        final GrainDeflater deflater;
        long index;

        Slot(byte[] grain, GrainDeflater deflater) {
            this.grain = grain;
            this.deflater = deflater;
        }
    }

    private record Pending(Slot slot, Future<Integer> length) {
    }

    private final Sink sink;
    private final Compress task;
    private final ExecutorService pool;
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final Slot[] slots;

    /**
     * @param threads deflating threads, at least 1
     * @param task    what a worker runs on a slot, normally {@link #DEFLATE}
     */
    ParallelGrainDeflater(String name, int level, int grainBytes, int threads, Sink sink, Compress task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " < 1");
        }
        this.sink = sink;
        this.task = task;
        this.slots = new Slot[threads == 1 ? 1 : 2 * threads];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(new byte[grainBytes], new GrainDeflater(name, level, grainBytes));
            free.add(slots[i]);
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("vmferry-deflate-", 0).daemon().factory());
    }

    /** The deflating threads to use by default: one per available processor. */
    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Deflates a copy of {@code grain} (grain {@code index}); may first deliver earlier grains. */
    void submit(long index, byte[] grain) throws IOException {
        if (free.isEmpty()) {
            deliverOldest();
        }
        Slot slot = free.poll();
        System.arraycopy(grain, 0, slot.grain, 0, grain.length);
        slot.index = index;
        if (pool == null) {
            sink.accept(index, slot.deflater.output(), task.apply(slot.deflater, slot.grain));
            free.add(slot);
            return;
        }
        inFlight.add(new Pending(slot, pool.submit(() -> task.apply(slot.deflater, slot.grain))));
    }

    /** Delivers every grain still in flight. */
    void drain() throws IOException {
        while (!inFlight.isEmpty()) {
            deliverOldest();
        }
    }

    private void deliverOldest() throws IOException {
        Pending p = inFlight.poll();
        int length;
        try {
            length = p.length.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("deflate interrupted");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
        sink.accept(p.slot.index, p.slot.deflater.output(), length);
        free.add(p.slot);
    }

    private static IOException unwrap(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    /** Stops the pool (waiting for running grains, so no deflater is ended in use) and frees the deflaters. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Slot s : slots) {
            s.deflater.close();
        }
    }
}
