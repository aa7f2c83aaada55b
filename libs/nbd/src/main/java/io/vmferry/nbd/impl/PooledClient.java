package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdExport;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdReadChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Several connections to one multi-conn export, all on one event loop (so read handlers are never
 * called concurrently). Each read piece goes to the least loaded connection; extent queries rotate.
 */
public final class PooledClient implements NbdClient {

    private static final Logger LOGGER = LoggerFactory.getLogger(PooledClient.class);

    private final List<NbdConnection> connections;
    private final ContextInternal context;
    private final int maxRead;
    private final int window;
    private int nextExtents;

    private PooledClient(List<NbdConnection> connections, NbdOptions options) {
        this.connections = List.copyOf(connections);
        this.context = connections.get(0).context();
        this.maxRead = connections.stream()
                .mapToInt(c -> NbdConnection.maxRead(c.export(), options)).min().orElseThrow();
        this.window = options.getMaxInFlight() * connections.size();
    }

    /** See {@link io.vmferry.nbd.api.NbdClientPool#connect}. */
    public static Future<NbdClient> connect(Vertx vertx, NbdOptions options, int count) {
        ContextInternal context = NbdConnector.eventLoopContext(vertx);
        return NbdConnector.connect(vertx, options, context).compose(first -> {
            if (count == 1 || !first.export().flags().canMultiConn()) {
                if (count > 1) {
                    LOGGER.info("NBD {}: export does not allow multi-conn, using one connection", options.address());
                }
                return Future.succeededFuture(first);
            }
            List<Future<NbdConnection>> others = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                others.add(NbdConnector.connect(vertx, options, context));
            }
            return Future.join(others).transform(ar -> {
                List<NbdConnection> all = new ArrayList<>();
                all.add(first);
                for (Future<NbdConnection> f : others) {
                    if (f.succeeded() && f.result().export().size() == first.export().size()) {
                        all.add(f.result());
                    } else if (f.succeeded()) {
                        f.result().close();
                    } else {
                        LOGGER.warn("NBD {}: extra connection failed: {}", options.address(), f.cause().getMessage());
                    }
                }
                return Future.succeededFuture(all.size() == 1 ? first : new PooledClient(all, options));
            });
        });
    }

    @Override
    public NbdExport export() {
        return connections.get(0).export();
    }

    /** Number of open connections. */
    public int size() {
        return connections.size();
    }

    @Override
    public Future<Void> read(long offset, long length, Handler<NbdReadChunk> handler) {
        Objects.requireNonNull(handler, "handler");
        long size = export().size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            return context.failedFuture(new IllegalArgumentException("range offset=" + offset + " length=" + length
                    + " outside export of " + size + " bytes"));
        }
        return onContext(() -> ReadSplitter.read(offset, length, maxRead, window,
                (o, l, h) -> leastLoaded().readPiece(o, l, h), handler, context.promise()));
    }

    @Override
    public Future<List<NbdExtent>> extents(String metaContext, long offset, long length) {
        return onContext(() -> connections.get(nextExtents++ % connections.size()).extents(metaContext, offset, length));
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> closes = new ArrayList<>();
        for (NbdConnection c : connections) {
            closes.add(c.close());
        }
        return Future.join(closes).mapEmpty();
    }

    @Override
    public boolean isClosed() {
        return connections.stream().allMatch(NbdConnection::isClosed);
    }

    private NbdConnection leastLoaded() {
        NbdConnection best = null;
        for (NbdConnection c : connections) {
            if (!c.isClosed() && (best == null || c.load() < best.load())) {
                best = c;
            }
        }
        return best != null ? best : connections.get(0);
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (context.isRunningOnContext()) {
            return action.get();
        }
        Promise<T> promise = context.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
