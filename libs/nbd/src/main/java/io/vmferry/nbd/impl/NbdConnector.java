package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.impl.codec.NbdDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Connect sequence: TCP or unix socket connect, install the codec in the Vert.x pipeline before the
 * server's greeting can be read, run the handshake; all within the connect timeout, closing the socket
 * on any failure.
 */
public final class NbdConnector {

    private static final Logger LOGGER = LoggerFactory.getLogger(NbdConnector.class);

    private NbdConnector() {
    }

    /** Connects one client on an event-loop context (the caller's if it has one). */
    public static Future<NbdConnection> connect(Vertx vertx, NbdOptions options) {
        return connect(vertx, options, eventLoopContext(vertx));
    }

    /** Connects one client whose socket, futures and handlers live on {@code context}. */
    static Future<NbdConnection> connect(Vertx vertx, NbdOptions options, ContextInternal context) {
        NbdOptions opts;
        try {
            opts = new NbdOptions(options).validate();
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return attempt(vertx, opts, context, (attempt, channel) -> Handshake.run(channel, opts)
                .map(export -> new NbdConnection(context, attempt.netClient, attempt.socket, attempt.decoder, export, opts)));
    }

    /** See {@link io.vmferry.nbd.api.NbdClient#listMetaContexts}. */
    public static Future<List<String>> listMetaContexts(Vertx vertx, NbdOptions options, List<String> queries) {
        NbdOptions opts;
        try {
            opts = new NbdOptions(options).validate();
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        List<String> copy = List.copyOf(queries);
        return attempt(vertx, opts, eventLoopContext(vertx), (attempt, channel) ->
                Handshake.listMetaContexts(channel, opts, copy).andThen(ar -> attempt.close()));
    }

    static ContextInternal eventLoopContext(Vertx vertx) {
        ContextInternal current = ((VertxInternal) vertx).getOrCreateContext();
        return current.isEventLoopContext() ? current : ((VertxInternal) vertx).createEventLoopContext();
    }

    /** The socket of one attempt, for closing it on failure or timeout. */
    static final class Attempt {
        final NetClient netClient;
        NetSocketInternal socket;
        NbdDecoder decoder;
        boolean abandoned;

        Attempt(NetClient netClient) {
            this.netClient = netClient;
        }

        void close() {
            abandoned = true;
            if (socket != null) {
                socket.close();
            }
            netClient.close();
        }
    }

    private static <T> Future<T> attempt(Vertx vertx, NbdOptions opts, ContextInternal context,
                                         BiFunction<Attempt, OptionChannel, Future<T>> steps) {
        Promise<T> promise = context.promise();
        context.runOnContext(v -> {
            NetClient client = vertx.createNetClient(new NetClientOptions()
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, opts.getConnectTimeoutMs()))
                    .setTcpNoDelay(true));
            Attempt attempt = new Attempt(client);
            long timer = vertx.setTimer(opts.getConnectTimeoutMs(), id -> {
                if (promise.tryFail(new NbdConnectionException("connect to " + opts.address() + " timed out after "
                        + opts.getConnectTimeoutMs() + " ms"))) {
                    attempt.close();
                }
            });
            client.connect(address(opts))
                    .compose(s -> {
                        attempt.socket = (NetSocketInternal) s;
                        if (attempt.abandoned) {
                            s.close();
                            return Future.failedFuture(new NbdConnectionException("connect abandoned"));
                        }
                        attempt.decoder = new NbdDecoder();
                        OptionChannel channel = new OptionChannel(context, attempt.socket, opts.address());
                        attempt.socket.channelHandlerContext().pipeline().addBefore("handler", "codec", attempt.decoder);
                        return steps.apply(attempt, channel);
                    })
                    .onComplete(ar -> {
                        vertx.cancelTimer(timer);
                        if (ar.succeeded()) {
                            if (!promise.tryComplete(ar.result())) {
                                attempt.close();
                            }
                        } else {
                            attempt.close();
                            if (promise.tryFail(Failures.wrap(ar.cause(), opts.address()))) {
                                LOGGER.debug("NBD connect to {} failed: {}", opts.address(), ar.cause().toString());
                            }
                        }
                    });
        });
        return promise.future();
    }

    private static SocketAddress address(NbdOptions opts) {
        return opts.getSocketPath() != null
                ? SocketAddress.domainSocketAddress(opts.getSocketPath())
                : SocketAddress.inetSocketAddress(opts.getPort(), opts.getHost());
    }
}
