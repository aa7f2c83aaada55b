package io.vmferry.qemu.qmp;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.qmp.internal.JsonLineConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QMP connection to one QEMU process over its unix socket (on Proxmox {@code /var/run/qemu-server/<vmid>.qmp}).
 *
 * <pre>{@code
 * QmpClient.connect(vertx, "/var/run/qemu-server/201.qmp")
 *     .compose(qmp -> qmp.execute("query-status").eventually(qmp::close));
 * }</pre>
 *
 * <p>{@link #connect} reads the greeting and negotiates capabilities. Commands carry an id and replies are matched
 * by it, so several may be in flight. An error reply fails the call with a {@link QmpException} (class and desc);
 * no reply within the timeout fails it with a {@link QmpTimeoutException}; when the connection closes, every
 * pending call and event wait fails with the cause (a {@link QmpConnectionException}).
 *
 * <p>QEMU serves one client per QMP socket at a time (a second one waits, greeting-less, in the backlog), so hold a
 * connection only for the operation at hand and {@link #close} it.
 *
 * <p>Handlers and returned futures run on the Vert.x context that called {@link #connect}; every method may be called
 * from any thread.
 */
public final class QmpClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(QmpClient.class);

    private record EventWait(Predicate<QmpEvent> predicate, Promise<QmpEvent> promise) {
    }

    private final Vertx vertx;
    private final QmpOptions options;
    private final JsonLineConnection connection;
    private final Promise<QmpGreeting> greeting = Promise.promise();
    private final List<EventWait> eventWaits = new ArrayList<>();
    private Handler<QmpEvent> eventHandler = e -> { };

    private QmpClient(Vertx vertx, String socketPath, QmpOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.connection = new JsonLineConnection(vertx, new JsonLineConnection.Config("QMP " + socketPath,
                options.connectTimeout(), options.maxLineBytes(), QmpException::new, false));
        connection.messageHandler(this::onMessage);
        connection.closeHandler(this::onClosed);
    }

    /** Connects with {@link QmpOptions#DEFAULT}. */
    public static Future<QmpClient> connect(Vertx vertx, String socketPath) {
        return connect(vertx, socketPath, QmpOptions.DEFAULT);
    }

    /** Connects, reads the greeting and sends {@code qmp_capabilities}, all within the connect timeout. */
    public static Future<QmpClient> connect(Vertx vertx, String socketPath, QmpOptions options) {
        QmpClient client = new QmpClient(vertx, socketPath, options);
        JsonLineConnection c = client.connection;
        Future<QmpClient> ready = c.open(socketPath)
                .compose(v -> client.greeting.future())
                .compose(g -> c.call("qmp_capabilities", null, options.connectTimeout()))
                .map(client);
        return c.withTimeout(ready, options.connectTimeout(), () -> "no QMP greeting (busy monitor?)")
                .recover(err -> c.close().transform(v -> Future.failedFuture(err)));
    }

    /** The greeting QEMU sent (version, capabilities). */
    public QmpGreeting greeting() {
        return greeting.future().result();
    }

    /** Runs {@code command} without arguments and expects an object back (e.g. {@code query-status}). */
    public Future<JsonObject> execute(String command) {
        return execute(command, null);
    }

    /** Runs {@code command} with the default timeout and expects an object back. */
    public Future<JsonObject> execute(String command, JsonObject arguments) {
        return execute(command, arguments, options.callTimeout());
    }

    /** Runs {@code command} and expects an object back (most commands return {@code {}}). */
    public Future<JsonObject> execute(String command, JsonObject arguments, Duration timeout) {
        return call(command, arguments, timeout).map(r -> expect(command, r, JsonObject.class));
    }

    /** Runs {@code command} and expects an array back (e.g. {@code query-block}, {@code query-jobs}). */
    public Future<JsonArray> query(String command, JsonObject arguments) {
        return call(command, arguments, options.callTimeout()).map(r -> expect(command, r, JsonArray.class));
    }

    /** Runs {@code command} with the default timeout and completes with the raw {@code return} value. */
    public Future<Object> call(String command, JsonObject arguments) {
        return call(command, arguments, options.callTimeout());
    }

    /**
     * Runs {@code command} and completes with the raw {@code return} value: a {@link JsonObject}, {@link JsonArray},
     * String, Number or Boolean. {@code arguments} may be null.
     */
    public Future<Object> call(String command, JsonObject arguments, Duration timeout) {
        return connection.call(command, arguments, timeout);
    }

    /** Receives every event; replaces the previous handler. */
    public QmpClient eventHandler(Handler<QmpEvent> handler) {
        connection.context().runOnContext(v -> this.eventHandler = handler);
        return this;
    }

    /** Waits for the next event called {@code name}; see {@link #awaitEvent(Predicate, Duration)}. */
    public Future<QmpEvent> awaitEvent(String name, Duration timeout) {
        return awaitEvent(e -> e.name().equals(name), timeout);
    }

    /**
     * Waits for the next event matching {@code predicate}. Only events arriving after this call count: register the
     * wait before issuing the command that causes the event, e.g.
     * {@code var gone = qmp.awaitEvent("BLOCK_EXPORT_DELETED", t); qmp.execute("block-export-del", a).compose(r -> gone)}.
     */
    public Future<QmpEvent> awaitEvent(Predicate<QmpEvent> predicate, Duration timeout) {
        Promise<QmpEvent> promise = Promise.promise();
        connection.context().runOnContext(v -> {
            Throwable cause = connection.closeCause();
            if (cause != null) {
                promise.tryFail(cause);
            } else {
                eventWaits.add(new EventWait(predicate, promise));
            }
        });
        return connection.withTimeout(promise.future(), timeout, () -> "no matching event")
                .onFailure(err -> connection.context().runOnContext(v -> eventWaits.removeIf(w -> w.promise() == promise)));
    }

    /** Closes the connection; pending calls and event waits fail. */
    public Future<Void> close() {
        return connection.close();
    }

    /** True until the connection is closed by either side. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The Vert.x instance this client runs on (for timers in helpers). */
    Vertx vertx() {
        return vertx;
    }

    /** The options this client was connected with. */
    public QmpOptions options() {
        return options;
    }

    private void onMessage(JsonObject message) {
        if (message.containsKey("event")) {
            onEvent(QmpEvent.from(message));
        } else if (message.containsKey("QMP") && !greeting.future().isComplete()) {
            try {
                greeting.complete(QmpGreeting.from(message));
            } catch (RuntimeException e) {
                connection.fail(new QmpConnectionException(connection.peer() + ": bad greeting: " + message));
            }
        } else {
            LOGGER.debug("{}: ignoring unexpected message {}", connection.peer(), message);
        }
    }

    private void onEvent(QmpEvent event) {
        LOGGER.debug("{}: event {} {}", connection.peer(), event.name(), event.data());
        for (EventWait w : new ArrayList<>(eventWaits)) {
            if (w.predicate().test(event)) {
                eventWaits.remove(w);
                w.promise().tryComplete(event);
            }
        }
        eventHandler.handle(event);
    }

    private void onClosed(Throwable cause) {
        greeting.tryFail(cause);
        for (EventWait w : eventWaits) {
            w.promise().tryFail(cause);
        }
        eventWaits.clear();
    }

    private static <T> T expect(String command, Object result, Class<T> type) {
        if (type.isInstance(result)) {
            return type.cast(result);
        }
        throw new QmpClientException(command + " returned " + (result == null ? "nothing" : result.getClass()
                .getSimpleName()) + ", expected " + type.getSimpleName());
    }
}
