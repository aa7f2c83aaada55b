package io.vmferry.reader;

import io.vertx.core.Vertx;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamSinkServer;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link StreamSinkServer} on 127.0.0.1 with one {@link RebuildingReceiver} per accepted
 * connection, each rebuilding into the next of the given targets (null: record only).
 */
final class TestSink implements AutoCloseable {
    final List<RebuildingReceiver> receivers = new CopyOnWriteArrayList<>();
    private final StreamSinkServer server;

    private TestSink(StreamSinkServer server) {
        this.server = server;
    }

    static TestSink start(Vertx vertx, TlsConfig tls, long dataDelayMs, Path... targets) throws Exception {
        return start(vertx, SinkOptions.of(tls), dataDelayMs, targets);
    }

    static TestSink start(Vertx vertx, SinkOptions options, long dataDelayMs, Path... targets) throws Exception {
        TestSink[] self = new TestSink[1];
        StreamSinkServer server = StreamSinkServer.start(vertx, options, peer -> {
            int i = self[0].receivers.size();
            RebuildingReceiver r = new RebuildingReceiver(vertx, i < targets.length ? targets[i] : null, dataDelayMs);
            self[0].receivers.add(r);
            return r;
        }).await(10, TimeUnit.SECONDS);
        self[0] = new TestSink(server);
        return self[0];
    }

    int port() {
        return server.port();
    }

    RebuildingReceiver only() {
        if (receivers.size() != 1) {
            throw new AssertionError("expected one stream, got " + receivers.size());
        }
        return receivers.get(0);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
