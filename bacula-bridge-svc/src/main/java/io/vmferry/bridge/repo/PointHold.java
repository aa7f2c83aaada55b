package io.vmferry.bridge.repo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Restore points held against removal while they are read ({@link LocalRepository#hold}): a prune leaves them in
 * place and says they are in use. Closing releases them.
 */
public final class PointHold implements AutoCloseable {
    private final PointLocks locks;
    private final List<Point> held = new ArrayList<>();

    PointHold(PointLocks locks) {
        this.locks = locks;
    }

    /** Holds one more point; waits while a prune is removing it. */
    void add(Point point) throws IOException {
        if (locks.read(point)) {
            held.add(point);
        }
    }

    @Override
    public void close() {
        for (Point p : held.reversed()) {
            try {
                locks.endRead(p);
            } catch (IOException e) {
                // the lock goes with the channel at the latest; nothing else to do
            }
        }
        held.clear();
    }
}
