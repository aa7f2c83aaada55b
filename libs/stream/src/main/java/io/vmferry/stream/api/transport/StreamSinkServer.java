package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.impl.transport.ControlMessage;
import io.vmferry.stream.impl.transport.SinkConnection;
import io.vmferry.stream.impl.transport.TlsSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
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

    private final NetServer server;
    private final SinkOptions options;

    private StreamSinkServer(NetServer server, SinkOptions options) {
        this.server = server;
        this.options = options;
    }

    /**
     * Binds and starts accepting. {@code receivers} is called on the connection's event loop once per
     * authenticated connection.
     */
    public static Future<StreamSinkServer> start(Vertx vertx, SinkOptions options,
                                                 Function<StreamPeer, StreamReceiver> receivers) {
        NetServer server = vertx.createNetServer(TlsSupport.serverOptions(options));
        StreamSinkServer sink = new StreamSinkServer(server, options);
        server.connectHandler(socket -> sink.accept(socket, receivers));
        server.exceptionHandler(e -> LOGGER.warn("stream connection refused: {}", e.getMessage()));
        return server.listen().map(s -> {
            LOGGER.info("stream sink listening on {}:{} ({} TLS{})", options.host(), s.actualPort(),
                    options.tls().usesOpenSsl() ? "OpenSSL" : "JDK",
                    options.tls().pinnedPeers().isEmpty() ? "" : ", " + options.tls().pinnedPeers().size() + " pinned peers");
            return sink;
        });
    }

    /** The bound port (the ephemeral one when the options said 0). */
    public int port() {
        return server.actualPort();
    }

    /** The bound host. */
    public String host() {
        return options.host();
    }

    /** Stops accepting and closes open connections. */
    public Future<Void> close() {
        return server.close();
    }

    private void accept(NetSocket socket, Function<StreamPeer, StreamReceiver> receivers) {
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
