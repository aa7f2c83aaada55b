package io.vmferry.formats.io;

import io.vmferry.formats.internal.Buffers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes ranges of a sparse file in ascending order with {@code O_DIRECT}: bytes are gathered into a
 * block-aligned direct buffer of {@link #STAGE_BYTES} and written a buffer at a time; the unwritten space between
 * ranges stays a hole. A range that continues the previous one is appended to the stage; one that starts inside the
 * block where the previous one ended gets the gap as zeros; one that starts in a later block first sends the staged
 * bytes, their last block padded with zeros (which reads the same as the hole it covers). {@link #finish(long)} sends
 * the rest and gives the file its exact length.
 *
 * <p>Performance: an image of several GiB written through the page cache costs a kernel copy into new cache pages
 * and writeback CPU, and its final {@code fsync} then waits for all of it (on the 2-core bench box buffered writing
 * of 1 GiB took 0.8–2.8 s plus 0.65 s of {@code fsync}, direct writing 0.9 s in all). A direct write blocks until
 * the device has the bytes, so each one goes out from a write-behind thread while the caller fills the next stage
 * buffer: written from the caller's thread, the I/O and the copying took turns (a 1 GiB vhdx → raw conversion
 * 1.4–1.6 s; overlapped 0.95–1.3 s). Writes go out one at a time (more at once gained nothing: ext4 serializes
 * direct writes that allocate blocks, and two or four in flight wrote no faster on the bench box), but several queue
 * behind each other, so a slow write does not stop the caller at once and a burst of the caller's work does not
 * leave the device idle. The queue starts at one region of {@value #STAGES_PER_REGION} stage buffers and grows by a
 * region whenever the caller would otherwise wait for the device, up to {@value #MAX_REGIONS} regions (128 MiB of
 * writes queued): a disk whose pace varies within a job (on the bench box 60–420 MB/s from one quarter second to
 * the next) then stalls the caller only when it falls behind by that much, not at every dip. A full backup's
 * sink waited 0.7–2.4 s for free buffers with 4 of them, none with 32 (A/B, six fulls each, interleaved: the
 * reader's medians 7.7 → 6.3 s; growing from 4 against a fixed 4, in an hour with fewer dips: 7.15 → 7.0 s, the
 * box's idle and I/O-wait ticks during the data phase 303 → 155).
 * {@link #open} returns null where the file system refuses {@code O_DIRECT} (tmpfs, some FUSE ones) or when the
 * system property {@value #DISABLE} is {@code false}; callers then write as before. Not thread-safe.
 */
public final class DirectSparseOutput implements AutoCloseable {
    /** Bytes gathered before one direct write. */
    public static final int STAGE_BYTES = 4 << 20;
    /** System property: {@code false} turns direct writes off (ordinary buffered writes). */
    public static final String DISABLE = "vmferry.io.direct";
    /** Stage buffers per region: one being filled, the others queued for the write-behind thread or free. */
    static final int STAGES_PER_REGION = 4;
    /** Regions an output grows to while the device falls behind: {@value} × 16 MiB of stage buffers. */
    static final int MAX_REGIONS = 8;
    /**
     * Alignment of the stage buffers: the size of a transparent huge page on x86-64 (2 MiB). A direct write is sent
     * to the device as requests of physically contiguous memory, at most a few hundred segments each; a buffer of
     * 4 KiB pages scattered over physical memory became requests of 512 KiB, one in huge pages a single request of
     * 4 MiB. The launcher has glibc back large allocations with huge pages (docs/benchmarks.md, session 15).
     */
    static final int HUGE_PAGE = 2 << 20;
    /** Free regions kept at most (4 × 16 MiB): what a node with a few disk streams at once needs again. */
    static final int MAX_KEPT_REGIONS = 4;
    /**
     * The stage buffers' memory, taken when an output opens or grows and given back when it closes with no write in
     * flight. Performance: a region is backed by transparent huge pages only if they were to be had when it was first
     * touched. A fresh region per output came from glibc's arena once an earlier one had been freed, in pages that
     * were not huge, and a full's 4 MiB writes went out as requests of ~700 KiB again (two fulls of three in one
     * bench run). A kept region keeps its pages, and an output no longer zeroes its regions when it opens.
     */
    static final DirectBufferPool REGIONS =
            new DirectBufferPool(STAGES_PER_REGION * STAGE_BYTES, HUGE_PAGE, MAX_KEPT_REGIONS);

    /** How a stage buffer reaches the file (tests hold writes back to make the device slow). */
    interface Device {
        void write(FileChannel channel, long offset, ByteBuffer src) throws IOException;
    }

    private record Pending(Future<?> write, ByteBuffer buffer) {
    }

    private final FileChannel channel;
    private final int block;
    private final Device device;
    private final ThreadPoolExecutor writer;
    /** The buffer being filled. */
    private ByteBuffer stage;
    /** Stage buffers neither being filled nor written. */
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    /** Writes handed to the write-behind thread, oldest first, each with the buffer it writes. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** File offset of {@code stage[0]}, a block multiple; the staged bytes are {@code stage[0, position)}. */
    private long stageOffset;
    /** The stage buffers' memory, back to {@link #REGIONS} when this output closes with no write in flight. */
    private final List<ByteBuffer> regions = new ArrayList<>();
    private boolean closed;

    private DirectSparseOutput(FileChannel channel, int block, Device device) {
        this.channel = channel;
        this.block = block;
        this.device = device;
        addRegion(REGIONS.take());
        this.stage = free.poll();
        this.writer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("direct-write").daemon().factory());
        writer.allowCoreThreadTimeOut(true);
    }

    /** A direct writer of the existing file {@code path}, or null when direct writes are off or refused. */
    public static DirectSparseOutput open(Path path) throws IOException {
        return open(path, FileWrites::writeFully);
    }

    static DirectSparseOutput open(Path path, Device device) throws IOException {
        if ("false".equals(System.getProperty(DISABLE))) {
            return null;
        }
        int block = (int) Math.max(4096, Math.min(Files.getFileStore(path.toAbsolutePath().getParent()).getBlockSize(),
                1 << 16));
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException | IOException e) {
            return null; // O_DIRECT refused (EINVAL): ordinary writes
        }
        return new DirectSparseOutput(channel, block, device);
    }

    /** Writes the remaining bytes of {@code src} at {@code offset}, at or after the end of the previous range. */
    public void write(long offset, ByteBuffer src) throws IOException {
        requireOpen();
        long end = stageOffset + stage.position();
        if (stage.position() == 0 || (offset > end && offset >= roundUp(end))) {
            drain(true);
            stageOffset = offset / block * block;
        }
        zeros((int) (offset - (stageOffset + stage.position())));
        ByteBuffer s = src.duplicate();
        while (s.hasRemaining()) {
            int n = Math.min(s.remaining(), stage.remaining());
            stage.put(stage.position(), s, s.position(), n);
            stage.position(stage.position() + n);
            s.position(s.position() + n);
            if (!stage.hasRemaining()) {
                drain(false);
            }
        }
    }

    /**
     * Sends what is staged (its last block padded with zeros), waits for every write and cuts the file back to
     * {@code length}.
     */
    public void finish(long length) throws IOException {
        requireOpen();
        drain(true);
        while (!pending.isEmpty()) {
            awaitOldest();
        }
        channel.truncate(length);
    }

    /** Waits for a write still in flight (its failure is not reported here) and releases the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (!pending.isEmpty()) {
                try {
                    awaitOldest();
                } catch (InterruptedIOException e) {
                    break; // the writes left in flight keep the regions
                } catch (IOException e) {
                    // the writer is being closed after a failure, or finish() was not called: nothing to report to
                }
            }
        } finally {
            writer.shutdown();
            channel.close();
            if (pending.isEmpty()) { // a write still in flight may read them: left to the collector
                regions.forEach(REGIONS::give);
            }
        }
    }

    /** Appends {@code n} zero bytes to the stage (a gap inside the current block, or before the first range). */
    private void zeros(int n) throws IOException {
        while (n > 0) {
            int k = Math.min(n, stage.remaining());
            Buffers.fillZero(stage.slice(stage.position(), k));
            stage.position(stage.position() + k);
            n -= k;
            if (!stage.hasRemaining()) {
                drain(false);
            }
        }
    }

    /**
     * Hands the stage to the write-behind thread at its offset ({@code pad}: a partial last block filled up with
     * zeros) and goes on with a free buffer, waiting for the oldest write when none is free.
     */
    private void drain(boolean pad) throws IOException {
        int used = stage.position();
        if (used == 0) {
            return;
        }
        int length = pad ? (int) roundUp(used) : used;
        Buffers.fillZero(stage.slice(used, length - used));
        ByteBuffer out = stage.duplicate().position(0).limit(length);
        long at = stageOffset;
        while (!pending.isEmpty() && pending.peek().write().isDone()) {
            awaitOldest(); // a failed write is reported before more are queued behind it
        }
        pending.add(new Pending(writer.submit(() -> {
            device.write(channel, at, out);
            return null;
        }), stage));
        if (free.isEmpty() && regions.size() < MAX_REGIONS) {
            grow();
        }
        while (free.isEmpty()) {
            awaitOldest();
        }
        stage = free.poll().clear().limit(STAGE_BYTES);
        stageOffset += length;
    }

    /** One more region of stage buffers, unless the JVM's direct memory is at its limit (then the caller waits). */
    private void grow() {
        ByteBuffer region;
        try {
            region = REGIONS.take();
        } catch (OutOfMemoryError e) { // "Cannot reserve direct buffer memory": MaxDirectMemorySize reached
            return;
        }
        addRegion(region);
    }

    private void addRegion(ByteBuffer region) {
        regions.add(region);
        for (int i = 0; i < STAGES_PER_REGION; i++) {
            free.add(region.slice(i * STAGE_BYTES, STAGE_BYTES));
        }
    }

    /** Stage buffers this output has (tests). */
    int stageBuffers() {
        return regions.size() * STAGES_PER_REGION;
    }

    /** Waits for the oldest write in flight; its buffer is free again, its failure is this output's. */
    private void awaitOldest() throws IOException {
        Pending oldest = pending.poll();
        try {
            oldest.write().get();
        } catch (InterruptedException e) {
            pending.addFirst(oldest);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a direct write");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            if (oldest.write().isDone()) {
                free.add(oldest.buffer());
            }
        }
    }

    /** A closed output's stage buffers may already be another output's. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("direct output already closed");
        }
    }

    private long roundUp(long n) {
        return (n + block - 1) / block * block;
    }
}
