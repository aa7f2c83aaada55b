package io.vmferry.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * The bridge's work on its repository that must not overlap itself, run one piece after the other in the order it
 * was queued, on worker threads, never on the service's event loop: the jobs from the bus (points, verify, prune,
 * restore) and the follow-up of each stored point (verify-new, retention). So two prunes never plan on the same
 * points at once, and a long job holds up only the work queued after it, not the service's events.
 */
final class RepositoryQueue {
    private final Vertx vertx;
    /** The last piece queued: each starts once the one before it ended, however that ended. */
    private Future<Void> tail = Future.succeededFuture();

    RepositoryQueue(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Queues {@code work}; its failure is its own (report it inside), the next piece runs anyway. */
    synchronized void enqueue(Callable<Void> work) {
        tail = tail.transform(previous -> vertx.executeBlocking(work, false));
    }
}
