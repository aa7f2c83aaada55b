package io.vmferry.convert;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts putting a target file's data on stable storage while the copy still runs: each time the
 * copy has advanced another {@value #EVERY} bytes, an {@code fdatasync} of the file runs on a
 * background thread (unless the previous one still runs), so the writer's own flush at finish finds
 * little left to write. Durability is unchanged: the writer still forces the file when it finishes,
 * and an I/O error of a background sync is reported to that final flush too (Linux reports a
 * writeback error to every open file), so a failed background sync is only ignored here.
 */
final class BackgroundSync implements ProgressListener, Closeable {
    static final long EVERY = 64L << 20;

    private final FileChannel channel;
    private final ProgressListener next;
    private final ExecutorService thread;
    private long lastSync;
    private Future<?> running;

    private BackgroundSync(FileChannel channel, ProgressListener next) {
        this.channel = channel;
        this.next = next;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("vmferry-convert-sync").daemon().factory());
    }

    /** Syncs {@code file} (which the writer created) as progress reaches it, and passes progress on to {@code next}. */
    static BackgroundSync of(Path file, ProgressListener next) throws IOException {
        return new BackgroundSync(FileChannel.open(file, StandardOpenOption.READ), next);
    }

    @Override
    public void progress(long done, long total) {
        next.progress(done, total);
        if (done - lastSync >= EVERY && (running == null || running.isDone())) {
            lastSync = done;
            running = thread.submit(this::sync);
        }
    }

    private void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            // the writer's final force reports it
        }
    }

    /** Waits for a running sync and releases the file. */
    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                // an fdatasync on a very slow disk
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }
}
