package io.vmferry.nbd.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.nbd.impl.PooledClient;

/**
 * Opens several connections to one export and spreads reads over them, when the export allows it
 * ({@link NbdTransmissionFlags#canMultiConn()}). The result is an {@link NbdClient}.
 */
public final class NbdClientPool {

    private NbdClientPool() {
    }

    /**
     * Connects once; if the export says {@code can_multi_conn} and {@code connections > 1}, opens
     * the others. If some of those fail (a server limiting its clients), the pool keeps the ones
     * that succeeded. Without {@code can_multi_conn} the single connection is returned.
     */
    public static Future<NbdClient> connect(Vertx vertx, NbdOptions options, int connections) {
        if (connections < 1 || connections > 64) {
            return Future.failedFuture(new IllegalArgumentException("connections must be 1..64: " + connections));
        }
        return PooledClient.connect(vertx, options, connections);
    }
}
