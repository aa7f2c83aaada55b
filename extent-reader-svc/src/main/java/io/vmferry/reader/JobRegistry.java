package io.vmferry.reader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which (VM, checkpoint) reads are running or were done, so a repeated {@code extents.requested}
 * (redelivery, a second publisher) never reads a checkpoint twice. Remembers the last
 * {@code capacity} finished ones. Thread-safe.
 */
final class JobRegistry {
    private final Map<String, VmReadJob> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished;

    JobRegistry(int capacity) {
        this.finished = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    static String key(String vmKey, String checkpoint) {
        return vmKey + "@" + checkpoint;
    }

    /** Registers a new job; false when the key is running or was done. */
    synchronized boolean begin(String key, VmReadJob job) {
        if (running.containsKey(key) || finished.containsKey(key)) {
            return false;
        }
        running.put(key, job);
        return true;
    }

    synchronized void end(String key) {
        running.remove(key);
        finished.put(key, Boolean.TRUE);
    }

    /** Jobs running now. */
    Map<String, VmReadJob> running() {
        return Map.copyOf(running);
    }
}
