package io.vmferry.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded memory of handled event ids, so a redelivered event is handled once. Not thread safe. */
final class SeenEvents {
    private final Map<String, Boolean> ids;

    SeenEvents(int capacity) {
        this.ids = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the id; true when it was new. */
    boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
