package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.impl.transport.ControlMessage;
import io.vmferry.stream.impl.transport.SinkConnection;
import io.vmferry.stream.impl.transport.TlsSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiving end of extent streams: a mutual-TLS server (TLS 1.3, client certificate from the
 * configured CA required, optional fingerprint pinning). Each authenticated connection gets its own
 * {@link StreamReceiver}; a peer that fails authentication is closed before a single byte of it is
 * read, and no receiver is ever created for it: a certificate from another CA fails the handshake,
 * an unpinned certificate gets an ERROR in place of READY. The sink sends READY first, so a sender never writes
 * to a sink that has not accepted it; after the trailer has been committed it sends ACK (or ERROR
 * with a one-line reason) and closes.
 *
 * <pre>{@code
 * StreamSinkServer.start(vertx, SinkOptions.of(TlsConfig.fromDirectory(certs, "bacula-bridge-svc")),
 *         peer -> frame -> repository.apply(frame))
 *     .onSuccess(sink -> publishAddress("127.0.0.1", sink.port()));
 * }</pre>
 */
public final class StreamSinkServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(StreamSinkServer.class);

    /** Negative ports, one per sink asking for an ephemeral port: the key Vert.x shares it under. */
    private static final AtomicInteger SHARED_RANDOM_PORT = new AtomicInteger();

    private final List<NetServer> servers;
    private final SinkOptions options;
    private final int port;

    private StreamSinkServer(List<NetServer> servers, SinkOptions options, int port) {
        this.servers = servers;
        this.options = options;
        this.port = port;
    }

    /**
     * Binds and starts accepting. {@code receivers} is called on the connection's event loop once per
     * authenticated connection. Connections are spread over one event loop per available processor
     * (one server per loop on the shared port, which Vert.x hands connections to in turn): a server
     * started from one context would decode and verify every concurrent stream on a single thread.
     */
    public static Future<StreamSinkServer> start(Vertx vertx, SinkOptions options,
                                                 Function<StreamPeer, StreamReceiver> receivers) {
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Vert.x shares one random port among servers that ask for the same negative port
        int shared = options.port() == 0 ? SHARED_RANDOM_PORT.decrementAndGet() : options.port();
        return listen(vertx, options, shared, receivers).compose(first -> {
            int port = first.actualPort();
            List<Future<NetServer>> more = new ArrayList<>();
            for (int i = 1; i < loops; i++) {
                more.add(listen(vertx, options, shared, receivers));
            }
            return Future.join(more).transform(ar -> {
                List<NetServer> servers = new ArrayList<>(List.of(first));
                more.stream().filter(Future::succeeded).map(Future::result).forEach(servers::add);
                if (ar.failed()) {
                    servers.forEach(NetServer::close);
                    return Future.failedFuture(ar.cause());
                }
                LOGGER.info("stream sink listening on {}:{} ({} TLS{}, {} event loops)", options.host(), port,
                        options.tls().usesOpenSsl() ? "OpenSSL" : "JDK",
                        options.tls().pinnedPeers().isEmpty() ? "" : ", " + options.tls().pinnedPeers().size()
                                + " pinned peers", servers.size());
                return Future.succeededFuture(new StreamSinkServer(List.copyOf(servers), options, port));
            });
        });
    }

    /** One server bound from its own event-loop context, so its connections run on that loop. */
    private static Future<NetServer> listen(Vertx vertx, SinkOptions options, int port,
                                            Function<StreamPeer, StreamReceiver> receivers) {
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        Promise<NetServer> bound = context.promise();
        context.runOnContext(v -> {
            NetServer server = vertx.createNetServer(TlsSupport.serverOptions(options).setPort(port));
            server.connectHandler(socket -> accept(socket, options, receivers));
            server.exceptionHandler(e -> LOGGER.warn("stream connection refused: {}", e.getMessage()));
            server.listen().onComplete(bound);
        });
        return bound.future();
    }

    /** The bound port (the ephemeral one when the options said 0). */
    public int port() {
        return port;
    }

    /** The bound host. */
    public String host() {
        return options.host();
    }

    /** Stops accepting and closes open connections. */
    public Future<Void> close() {
        return Future.join(servers.stream().map(NetServer::close).toList()).mapEmpty();
    }

    private static void accept(NetSocket socket, SinkOptions options, Function<StreamPeer, StreamReceiver> receivers) {
        socket.pause();
        StreamPeer peer;
        StreamReceiver receiver;
        try {
            peer = TlsSupport.authenticate(socket, options.tls());
            receiver = receivers.apply(peer);
        } catch (StreamException e) {
            LOGGER.warn("refusing stream connection: {}", e.getMessage());
            socket.write(ControlMessage.error(-1, e.getMessage()).encode()).onComplete(ar -> socket.close());
            return;
        } catch (RuntimeException e) {
            LOGGER.error("stream receiver factory failed for {}", socket.remoteAddress(), e);
            socket.close();
            return;
        }
        LOGGER.debug("stream connection from {} ({})", peer.address(), peer.subject());
        new SinkConnection(socket, options, receiver).start();
        socket.resume();
    }
}
