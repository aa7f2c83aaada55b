package io.vmferry.qemu.ga;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.qmp.QmpClientException;
import io.vmferry.qemu.qmp.internal.JsonLineConnection;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a QEMU guest agent over its unix socket (on Proxmox {@code /var/run/qemu-server/<vmid>.qga}, a
 * QEMU chardev in front of the guest's virtio-serial port).
 *
 * <p>The agent speaks QMP's wire form without a greeting. Its channel outlives connections, so stale output of an
 * earlier client may still be queued: {@link #connect} resyncs first (byte {@code 0xFF}, then
 * {@code guest-sync-delimited} with a random id; everything up to the agent's {@code 0xFF} sentinel and echoed id is
 * discarded). When no agent runs in the guest, QEMU still accepts the connection but nothing ever answers: the sync
 * then fails with a {@link io.vmferry.qemu.qmp.QmpTimeoutException}. A call that times out closes the connection
 * (the agent's state is unknown); connect again for the next step.
 *
 * <p>Error replies fail with a {@link GuestAgentException}. Futures complete on the context that called
 * {@link #connect}.
 */
public final class GuestAgentClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(GuestAgentClient.class);
    private static final byte SENTINEL = (byte) 0xFF;

    private final GuestAgentOptions options;
    private final JsonLineConnection connection;

    private GuestAgentClient(Vertx vertx, String socketPath, GuestAgentOptions options) {
        this.options = options;
        this.connection = new JsonLineConnection(vertx, new JsonLineConnection.Config("guest agent " + socketPath,
                options.syncTimeout(), options.maxLineBytes(), GuestAgentException::new, true));
        connection.messageHandler(m -> LOGGER.debug("{}: ignoring unexpected message {}", connection.peer(), m));
    }

    /** Connects with {@link GuestAgentOptions#DEFAULT}. */
    public static Future<GuestAgentClient> connect(Vertx vertx, String socketPath) {
        return connect(vertx, socketPath, GuestAgentOptions.DEFAULT);
    }

    /** Connects and resyncs, within {@link GuestAgentOptions#syncTimeout()}. */
    public static Future<GuestAgentClient> connect(Vertx vertx, String socketPath, GuestAgentOptions options) {
        GuestAgentClient client = new GuestAgentClient(vertx, socketPath, options);
        JsonLineConnection c = client.connection;
        Future<GuestAgentClient> ready = c.open(socketPath).compose(v -> c.onContext(client::sync)).map(client);
        return c.withTimeout(ready, options.syncTimeout(), () -> "no answer to guest-sync-delimited (agent not running?)")
                .recover(err -> c.close().transform(v -> Future.failedFuture(err)));
    }

    private Future<Void> sync() {
        long id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        Promise<Void> synced = Promise.promise();
        connection.rawLineHandler(line -> onSyncLine(line, id, synced));
        JsonObject request = new JsonObject().put("execute", "guest-sync-delimited")
                .put("arguments", new JsonObject().put("id", id));
        Buffer bytes = Buffer.buffer().appendByte(SENTINEL).appendBuffer(request.toBuffer()).appendByte((byte) '\n');
        connection.writeRaw(bytes).onFailure(synced::tryFail);
        return synced.future();
    }

    private void onSyncLine(Buffer line, long id, Promise<Void> synced) {
        int at = lastIndexOf(line, SENTINEL);
        if (at >= 0) {
            try {
                Object echoed = new JsonObject(line.getBuffer(at + 1, line.length())).getValue("return");
                if (echoed instanceof Number n && n.longValue() == id) {
                    connection.rawLineHandler(null);
                    synced.tryComplete();
                    return;
                }
            } catch (RuntimeException e) {
                // not the reply we wait for: discard like any other stale output
            }
        }
        LOGGER.debug("{}: discarding before sync: {}", connection.peer(), line);
    }

    private static int lastIndexOf(Buffer line, byte b) {
        for (int i = line.length() - 1; i >= 0; i--) {
            if (line.getByte(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs {@code command}; completes with the raw {@code return} value ({@link JsonObject}, String, Number, ...).
     * {@code arguments} may be null.
     */
    public Future<Object> call(String command, JsonObject arguments, Duration timeout) {
        return connection.call(command, arguments, timeout);
    }

    /** {@code guest-ping}: succeeds when the agent answers. */
    public Future<Void> ping() {
        return call("guest-ping", null, options.callTimeout()).mapEmpty();
    }

    /** {@code guest-info}: version and supported (enabled/blocked) commands. */
    public Future<GuestInfo> info() {
        return call("guest-info", null, options.callTimeout()).map(r -> GuestInfo.from(expectObject("guest-info", r)));
    }

    /** {@code guest-fsfreeze-status}. */
    public Future<FsFreezeStatus> fsfreezeStatus() {
        return call("guest-fsfreeze-status", null, options.callTimeout()).map(r -> FsFreezeStatus.of(String.valueOf(r)));
    }

    /**
     * {@code guest-fsfreeze-freeze}: the number of file systems frozen. On a timeout or lost connection the guest
     * may still end up frozen: connect again and {@link #fsfreezeThaw()}.
     */
    public Future<Integer> fsfreezeFreeze() {
        return call("guest-fsfreeze-freeze", null, options.freezeTimeout()).map(r -> expectInt("guest-fsfreeze-freeze", r));
    }

    /** {@code guest-fsfreeze-thaw}: the number of file systems thawed. */
    public Future<Integer> fsfreezeThaw() {
        return call("guest-fsfreeze-thaw", null, options.callTimeout()).map(r -> expectInt("guest-fsfreeze-thaw", r));
    }

    /** Closes the connection; pending calls fail. */
    public Future<Void> close() {
        return connection.close();
    }

    /** True until the connection is closed (also after a call timed out). */
    public boolean isOpen() {
        return connection.isOpen();
    }

    private static JsonObject expectObject(String command, Object r) {
        if (r instanceof JsonObject o) {
            return o;
        }
        throw new QmpClientException(command + " returned " + r + ", expected an object");
    }

    private static int expectInt(String command, Object r) {
        if (r instanceof Number n) {
            return n.intValue();
        }
        throw new QmpClientException(command + " returned " + r + ", expected a number");
    }
}
