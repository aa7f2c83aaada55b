package io.vmferry.bridge.repo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One index writer at a time: a lock per repository inside this JVM (file locks are per process)
 * plus an exclusive {@link FileLock} on {@code <repo>/.lock} against other processes.
 */
final class RepositoryLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** Work done while holding the lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    private RepositoryLock() {
    }

    /** Runs {@code work} holding the repository's lock. */
    static <T> T withLock(RepositoryLayout layout, Locked<T> work) throws IOException {
        ReentrantLock local = LOCKS.computeIfAbsent(layout.root(), k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(layout.root());
            try (FileChannel ch = FileChannel.open(layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return work.run();
            }
        } finally {
            local.unlock();
        }
    }
}
