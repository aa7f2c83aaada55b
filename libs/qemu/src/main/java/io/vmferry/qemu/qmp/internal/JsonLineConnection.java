package io.vmferry.qemu.qmp.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import io.vmferry.qemu.qmp.QmpConnectionException;
import io.vmferry.qemu.qmp.QmpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-lines request/reply connection over a unix socket, shared by the QMP and guest-agent clients.
 *
 * <p>Framing: lines delimited by {@code \n} (QEMU sends {@code \r\n}), each bounded by {@link Config#maxLineBytes()};
 * a longer line, invalid JSON or a non-object closes the connection. Requests carry a string {@code id}; a reply
 * ({@code return} or {@code error}) is matched by its echoed id, or, without one, by the oldest pending request.
 * Everything else (greeting, events) goes to the message handler.
 *
 * <p>Threading: all state lives on one Vert.x context, the caller's at construction; calls from other threads hop
 * onto it. Returned futures complete on that context.
 */
public final class JsonLineConnection {
    private static final Logger LOGGER = LoggerFactory.getLogger(JsonLineConnection.class);

    /** Builds the exception for an error reply. */
    @FunctionalInterface
    public interface ErrorFactory {
        RuntimeException create(String command, String className, String desc);
    }

    /**
     * @param peer label for messages, e.g. {@code QMP /run/qemu-server/201.qmp}
     * @param closeOnTimeout close the connection when a call times out (the peer's state is then unknown)
     */
    public record Config(String peer, Duration connectTimeout, int maxLineBytes, ErrorFactory errors,
            boolean closeOnTimeout) {
    }

    private record Pending(String command, Promise<Object> promise, long timer) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Config config;
    /** Kept in a field: a NetClient is closed when garbage-collected, sockets included. */
    private final NetClient netClient;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Promise<Void> closed = Promise.promise();
    private Handler<JsonObject> messageHandler = m -> { };
    private Handler<Buffer> rawLineHandler;
    private Handler<Throwable> closeHandler = c -> { };
    private NetSocket socket;
    private volatile Throwable closeCause;
    private long lastId;

    public JsonLineConnection(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.netClient = vertx.createNetClient(
                new NetClientOptions().setConnectTimeout((int) config.connectTimeout().toMillis()));
    }

    /** Connects to the unix socket at {@code path}; fails with {@link QmpConnectionException}. */
    public Future<Void> open(String path) {
        return onContext(() -> netClient.connect(SocketAddress.domainSocketAddress(path))
                .recover(err -> {
                    if (closeCause == null) {
                        closeCause = new QmpConnectionException(config.peer() + ": cannot connect: " + err.getMessage(), err);
                    }
                    onClosed();
                    return Future.failedFuture(closeCause);
                })
                .map(this::attach));
    }

    private Void attach(NetSocket s) {
        socket = s;
        RecordParser parser = RecordParser.newDelimited("\n", s).maxRecordSize(config.maxLineBytes());
        parser.exceptionHandler(err -> fail(err instanceof IllegalStateException
                ? tooLong() : new QmpConnectionException(config.peer() + ": connection lost: " + err.getMessage(), err)));
        parser.handler(this::onLine);
        s.closeHandler(v -> onClosed());
        if (closeCause != null) {
            s.close();
        }
        return null;
    }

    /** Receives every message that is not a reply (greeting, events). Set before {@link #open}. */
    public void messageHandler(Handler<JsonObject> handler) {
        this.messageHandler = handler;
    }

    /** While set, lines are handed over raw instead of parsed (guest-agent resync). Call on the context. */
    public void rawLineHandler(Handler<Buffer> handler) {
        this.rawLineHandler = handler;
    }

    /** Called once, on the context, with the exception that closed the connection. */
    public void closeHandler(Handler<Throwable> handler) {
        this.closeHandler = handler;
    }

    /** Sends {@code {"execute": command, "arguments": arguments, "id": N}}; completes with the {@code return} value. */
    public Future<Object> call(String command, JsonObject arguments, Duration timeout) {
        return onContext(() -> {
            if (closeCause != null) {
                return Future.failedFuture(closeCause);
            }
            if (socket == null) {
                return Future.failedFuture(new QmpConnectionException(config.peer() + ": not connected"));
            }
            String id = Long.toString(++lastId);
            JsonObject request = new JsonObject().put("execute", command);
            if (arguments != null) {
                request.put("arguments", arguments);
            }
            request.put("id", id);
            Promise<Object> promise = Promise.promise();
            long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> onTimeout(id, timeout));
            pending.put(id, new Pending(command, promise, timer));
            LOGGER.trace("{} <- {}", config.peer(), request);
            socket.write(request.toBuffer().appendByte((byte) '\n')).onFailure(this::fail);
            return promise.future();
        });
    }

    /** Writes bytes as they are (the guest-agent {@code 0xFF} resync byte). */
    public Future<Void> writeRaw(Buffer bytes) {
        return onContext(() -> closeCause != null ? Future.failedFuture(closeCause)
                : socket == null ? Future.failedFuture(new QmpConnectionException(config.peer() + ": not connected"))
                : socket.write(bytes));
    }

    /** {@code future}, or a {@link QmpTimeoutException} ("peer: {@code what} within N ms") after {@code timeout}. */
    public <T> Future<T> withTimeout(Future<T> future, Duration timeout, Supplier<String> what) {
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
                t -> promise.tryFail(new QmpTimeoutException(config.peer() + ": " + what.get(), timeout)));
        future.onComplete(ar -> {
            vertx.cancelTimer(timer);
            complete(promise, ar.succeeded(), ar.result(), ar.cause());
        });
        return promise.future();
    }

    /** Closes the connection; pending calls fail with a {@link QmpConnectionException}. */
    public Future<Void> close() {
        onContext(() -> {
            fail(new QmpConnectionException(config.peer() + ": connection closed by the client"));
            return Future.succeededFuture();
        });
        return closed.future();
    }

    /** Closes the connection because of {@code cause}, which pending calls then fail with. */
    public void fail(Throwable cause) {
        onContext(() -> {
            if (closeCause == null) {
                closeCause = cause;
                LOGGER.debug("{}: closing: {}", config.peer(), cause.getMessage());
            }
            if (socket != null) {
                socket.close();
            } else {
                onClosed();
            }
            return Future.succeededFuture();
        });
    }

    /** True until the connection is closed. */
    public boolean isOpen() {
        return closeCause == null && socket != null;
    }

    /** Why the connection closed, or null while open. */
    public Throwable closeCause() {
        return closeCause;
    }

    /** The label used in messages. */
    public String peer() {
        return config.peer();
    }

    /** The context all handlers run on. */
    public Context context() {
        return context;
    }

    private void onLine(Buffer line) {
        if (closeCause != null) {
            return; // closing: pending calls fail with the cause, late lines are dropped
        }
        if (line.length() > config.maxLineBytes()) {
            // RecordParser bounds only a partial line; a complete one arriving in one chunk is checked here
            fail(tooLong());
            return;
        }
        if (rawLineHandler != null) {
            rawLineHandler.handle(line);
            return;
        }
        if (line.toString().isBlank()) {
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(line);
        } catch (RuntimeException e) {
            fail(new QmpConnectionException(config.peer() + ": invalid JSON line: " + e.getMessage()));
            return;
        }
        LOGGER.trace("{} -> {}", config.peer(), message);
        if (message.containsKey("return") || message.containsKey("error")) {
            onReply(message);
        } else {
            messageHandler.handle(message);
        }
    }

    private QmpConnectionException tooLong() {
        return new QmpConnectionException(config.peer() + ": line longer than " + config.maxLineBytes() + " bytes");
    }

    private void onReply(JsonObject reply) {
        Object id = reply.getValue("id");
        Pending p = id != null ? pending.remove(id.toString()) : removeOldest();
        if (p == null) {
            LOGGER.debug("{}: reply to an unknown or timed-out request: {}", config.peer(), reply);
            return;
        }
        vertx.cancelTimer(p.timer());
        Object error = reply.getValue("error");
        if (error == null) {
            p.promise().tryComplete(reply.getValue("return"));
        } else if (error instanceof JsonObject e) {
            p.promise().tryFail(config.errors().create(p.command(), e.getString("class", ""), e.getString("desc", "")));
        } else {
            fail(new QmpConnectionException(config.peer() + ": malformed error reply: " + reply));
        }
    }

    private Pending removeOldest() {
        Iterator<Pending> it = pending.values().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Pending p = it.next();
        it.remove();
        return p;
    }

    private void onTimeout(String id, Duration timeout) {
        Pending p = pending.remove(id);
        if (p == null) {
            return;
        }
        p.promise().tryFail(new QmpTimeoutException(
                config.peer() + ": no reply to '" + p.command() + "'", timeout));
        if (config.closeOnTimeout()) {
            fail(new QmpConnectionException(config.peer() + ": closed after '" + p.command() + "' timed out"));
        }
    }

    private void onClosed() {
        if (closed.future().isComplete()) {
            return;
        }
        if (closeCause == null) {
            closeCause = new QmpConnectionException(config.peer() + ": connection closed by the peer");
        }
        Throwable cause = closeCause;
        for (Pending p : new ArrayList<>(pending.values())) {
            vertx.cancelTimer(p.timer());
            p.promise().tryFail(cause);
        }
        pending.clear();
        netClient.close();
        closed.complete();
        closeHandler.handle(cause);
    }

    /** Runs {@code action} on the context (inline when already there). */
    public <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return run(action);
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> run(action)
                .onComplete(ar -> complete(promise, ar.succeeded(), ar.result(), ar.cause())));
        return promise.future();
    }

    private static <T> Future<T> run(Supplier<Future<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static <T> void complete(Promise<T> promise, boolean succeeded, T result, Throwable cause) {
        if (succeeded) {
            promise.tryComplete(result);
        } else {
            promise.tryFail(cause);
        }
    }
}
