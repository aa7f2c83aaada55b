package io.vmferry.snapshot;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space of a directory's file system every {@link #INTERVAL} on a virtual thread of its own and
 * calls {@code low} once, with the free bytes, when it drops below a reserve; until {@link #stop()}.
 */
final class RoomWatch {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoomWatch.class);
    static final Duration INTERVAL = Duration.ofMillis(100);

    private volatile boolean running = true;

    private RoomWatch() {
    }

    static RoomWatch start(Path dir, long reserveBytes, String threadName, LongConsumer low) {
        RoomWatch w = new RoomWatch();
        Thread.ofVirtual().name(threadName).start(() -> {
            try {
                FileStore store = Files.getFileStore(dir);
                while (w.running) {
                    long free = store.getUsableSpace();
                    if (free < reserveBytes) {
                        low.accept(free);
                        return;
                    }
                    Thread.sleep(INTERVAL);
                }
            } catch (IOException | InterruptedException e) {
                LOGGER.warn("cannot watch the free space of {}: {}", dir, Quiescer.message(e));
            }
        });
        return w;
    }

    void stop() {
        running = false;
    }
}
