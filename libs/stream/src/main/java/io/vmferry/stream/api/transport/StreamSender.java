package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.impl.transport.SenderConnection;
import io.vmferry.stream.impl.transport.TlsSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;

/**
 * Sending end of extent streams. Connects with its client certificate (TLS 1.3), checks the sink's
 * certificate (CA, host name, optional pinned fingerprint), waits for the sink's READY, then writes
 * the stream with back-pressure and completes only after the sink's ACK, whose SHA-256 must equal the
 * one sent. Keep the sender (it owns the {@link NetClient}) referenced while streams run: Vert.x
 * closes a garbage-collected client together with its sockets. One sender can run many streams.
 *
 * <pre>{@code
 * StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "extent-reader-svc")));
 * sender.send("127.0.0.1", port, header, reader::nextExtent)
 *     .onSuccess(ack -> LOGGER.info("landed, sha256 {}", ack.sha256()));
 * }</pre>
 * Failures: {@code StreamAuthException} (TLS or pinning), {@code StreamRejectedException} (the sink
 * said ERROR), {@code StreamTransportException} (connection, timeouts; retriable),
 * {@code StreamFormatException} (the source produced an invalid sequence).
 */
public final class StreamSender {
    private final Vertx vertx;
    private final SenderOptions options;
    private final NetClient client;

    /** A sender with its own {@link NetClient}; close it with {@link #close()}. */
    public StreamSender(Vertx vertx, SenderOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.client = vertx.createNetClient(TlsSupport.clientOptions(options));
    }

    /** Streams {@code header} and everything {@code source} yields to the sink at {@code host:port}. */
    public Future<StreamAck> send(String host, int port, StreamHeader header, FrameSource source) {
        String where = host + ":" + port;
        StreamEncoder encoder = StreamEncoder.hashingOffThread(header, options.encoder());
        return client.connect(port, host)
                .recover(e -> Future.failedFuture(TlsSupport.classify(e, "sink " + where)))
                .compose(socket -> {
                    try {
                        TlsSupport.authenticate(socket, options.tls());
                    } catch (StreamException e) {
                        socket.close();
                        return Future.failedFuture(e);
                    }
                    return new SenderConnection(socket, vertx.getOrCreateContext(), options, encoder, source, where).run();
                });
    }

    /** Closes the client and any connection still open. */
    public Future<Void> close() {
        return client.close();
    }
}
