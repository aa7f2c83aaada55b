package io.vmferry.nbd.impl;

import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdCommandException;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdError;
import io.vmferry.nbd.api.NbdException;
import io.vmferry.nbd.api.NbdExport;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.api.NbdReadChunk;
import io.vmferry.nbd.impl.codec.NbdDecoder;
import io.vmferry.nbd.impl.codec.NbdRequests;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.ReplyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One NBD connection in the transmission phase. All state lives on the connection's event loop:
 * public methods hop onto it. Replies are dispatched by cookie to their {@link Command}; a reply for
 * an unknown cookie, a decoder error or a socket error is a fatal desync that fails every pending
 * command and closes the socket.
 */
public final class NbdConnection implements NbdClient {

    private static final Logger LOGGER = LoggerFactory.getLogger(NbdConnection.class);

    private final ContextInternal context;
    private final NetClient netClient;
    private final NetSocketInternal socket;
    private final NbdExport export;
    private final InFlight inFlight;
    private final Set<Integer> contextIds;
    private final int maxRead;
    /** Reads carry {@code NBD_CMD_FLAG_DF}: asked for, and the export offers it with structured replies. */
    private final boolean wholeReads;
    private final int maxInFlight;
    private final long maxStatus;
    private final String label;
    private volatile boolean closed;
    private boolean socketClosed;
    private boolean discSent;
    private NbdException failure;
    private Promise<Void> closePromise;

    NbdConnection(ContextInternal context, NetClient netClient, NetSocketInternal socket, NbdDecoder decoder,
                  NbdExport export, NbdOptions options) {
        this.context = context;
        this.netClient = netClient;
        this.socket = socket;
        this.export = export;
        this.maxInFlight = options.getMaxInFlight();
        this.inFlight = new InFlight(maxInFlight);
        this.contextIds = Set.copyOf(new HashSet<>(export.metaContexts().values()));
        this.maxRead = maxRead(export, options);
        this.wholeReads = options.isWholeReads() && export.structuredReplies() && export.flags().canDf();
        this.maxStatus = ExtentWalker.maxQuery(Math.max(export.blockSize().minimum(), export.blockSize().preferred()));
        this.label = options.address() + " export '" + export.name() + "'";
        decoder.simplePayload(this::simplePayload);
        socket.messageHandler(this::handleMessage);
        socket.exceptionHandler(t -> fatal(Failures.wrap(t, label)));
        socket.closeHandler(v -> handleClosed());
        LOGGER.debug("NBD {}: size={} {} blockSize={} contexts={}", label, export.size(), export.flags(),
                export.blockSize(), export.metaContexts());
    }

    /** Largest read command: the option, the server's maximum, and 32 MiB, rounded down to the minimum block size. */
    static int maxRead(NbdExport export, NbdOptions options) {
        long max = Math.min(Math.min(options.getMaxReadLength(), export.blockSize().maximum()), NbdWire.MAX_READ);
        long min = export.blockSize().minimum();
        return (int) Math.max(min, max / min * min);
    }

    @Override
    public NbdExport export() {
        return export;
    }

    @Override
    public Future<Void> read(long offset, long length, Handler<NbdReadChunk> handler) {
        Objects.requireNonNull(handler, "handler");
        IllegalArgumentException bad = checkRange(offset, length);
        if (bad != null) {
            return context.failedFuture(bad);
        }
        return onContext(() -> ReadSplitter.read(offset, length, maxRead, maxInFlight, this::readPiece, handler,
                context.promise()));
    }

    /** One read command of at most the maximum read length; call on the event loop. */
    Future<Void> readPiece(long offset, int length, Handler<NbdReadChunk> handler) {
        return submit(new ReadCommand(offset, length, wholeReads, handler, context.promise()));
    }

    @Override
    public Future<List<NbdExtent>> extents(String metaContext, long offset, long length) {
        Integer id = export.metaContexts().get(metaContext);
        if (id == null) {
            return context.failedFuture(new IllegalArgumentException("meta context " + metaContext
                    + " was not selected on " + label + "; selected: " + export.metaContexts().keySet()));
        }
        IllegalArgumentException bad = checkRange(offset, length);
        if (bad != null) {
            return context.failedFuture(bad);
        }
        return onContext(() -> ExtentWalker.walk(offset, length, maxStatus,
                (o, l) -> submit(new BlockStatusCommand(id, contextIds, o, l, context.promise()))));
    }

    @Override
    public Future<Void> close() {
        return onContext(() -> {
            if (closePromise == null) {
                closePromise = context.promise();
                closed = true;
                if (socketClosed) {
                    closePromise.complete();
                } else if (failure != null) {
                    socket.close();
                } else {
                    disconnectWhenIdle();
                }
            }
            return closePromise.future();
        });
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Commands sent or queued (for spreading load over a pool). */
    int load() {
        return inFlight.size();
    }

    ContextInternal context() {
        return context;
    }

    private IllegalArgumentException checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > export.size() || length > export.size() - offset) {
            return new IllegalArgumentException("range offset=" + offset + " length=" + length
                    + " outside export of " + export.size() + " bytes");
        }
        return null;
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (context.isRunningOnContext()) {
            return action.get();
        }
        Promise<T> promise = context.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    private <T> Future<T> submit(Command<T> command) {
        if (failure != null) {
            return context.failedFuture(failure);
        }
        if (closePromise != null) {
            return context.failedFuture(new NbdConnectionException("connection to " + label + " is closing"));
        }
        inFlight.enqueue(command);
        pump();
        return command.future();
    }

    private void pump() {
        Command<?> command;
        while (failure == null && (command = inFlight.nextToSend()) != null) {
            socket.write(command.encode());
        }
    }

    private long simplePayload(long cookie) {
        Command<?> command = inFlight.get(cookie);
        return command == null ? -1 : command.simplePayload(export.structuredReplies());
    }

    private void handleMessage(Object message) {
        if (!(message instanceof ReplyEvent event)) {
            ReferenceCountUtil.release(message);
            fatal(NbdProtocolException.fatal("unexpected " + message.getClass().getSimpleName() + " from " + label));
            return;
        }
        Command<?> command = failure == null ? inFlight.get(event.cookie()) : null;
        if (command == null) {
            release(event);
            if (failure == null) {
                fatal(NbdProtocolException.fatal("reply for unknown cookie " + event.cookie() + " from " + label));
            }
            return;
        }
        switch (event) {
            case ReplyEvent.Simple e -> command.onSimple(e.error());
            case ReplyEvent.Data e -> command.onData(e);
            case ReplyEvent.Payload e -> command.onPayload(e);
            case ReplyEvent.Hole e -> command.onHole(e);
            case ReplyEvent.Status e -> command.onStatus(e);
            case ReplyEvent.Descriptors e -> command.onDescriptors(e);
            case ReplyEvent.Error e -> command.onError(e);
            case ReplyEvent.End e -> finish(command);
        }
    }

    private void finish(Command<?> command) {
        inFlight.remove(command.cookie());
        command.end();
        if (command.failure() instanceof NbdCommandException e && e.error() == NbdError.ESHUTDOWN && closePromise == null) {
            LOGGER.info("NBD {}: server is shutting down, disconnecting", label);
            NbdConnectionException cause = new NbdConnectionException("server at " + label + " is shutting down");
            for (Command<?> waiting : inFlight.drainWaiting()) {
                waiting.abort(cause);
            }
            close();
        }
        pump();
        disconnectWhenIdle();
    }

    private void disconnectWhenIdle() {
        if (closePromise != null && failure == null && !discSent && inFlight.isEmpty()) {
            discSent = true;
            socket.write(NbdRequests.request(0, NbdWire.CMD_DISC, inFlight.newCookie(), 0, 0))
                    .onComplete(ar -> socket.close());
        }
    }

    private void fatal(NbdException cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        closed = true;
        LOGGER.warn("NBD {}: closing connection: {}", label, cause.getMessage());
        failAll(cause);
        socket.close();
    }

    private void handleClosed() {
        socketClosed = true;
        closed = true;
        if (failure == null) {
            failure = new NbdConnectionException("connection to " + label + " closed"
                    + (closePromise == null ? " by the server" : ""));
        }
        failAll(failure);
        netClient.close();
        if (closePromise != null) {
            closePromise.tryComplete();
        }
    }

    private void failAll(Throwable cause) {
        for (Command<?> command : inFlight.drain()) {
            command.abort(cause);
        }
    }

    private static void release(ReplyEvent event) {
        if (event instanceof ReplyEvent.Payload p) {
            p.data().release();
        }
    }
}
