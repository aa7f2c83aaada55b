package io.vmferry.qemu.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vmferry.qemu.qmp.QmpConnectionException;
import io.vmferry.qemu.qmp.QmpErrorClass;
import io.vmferry.qemu.qmp.QmpTimeoutException;
import io.vmferry.qemu.qmp.testing.Await;
import io.vmferry.qemu.qmp.testing.FakePeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GuestAgentClient} against a scripted fake agent that leaves stale output before the sync reply. */
class GuestAgentClientTest {
    private static final GuestAgentOptions FAST = GuestAgentOptions.DEFAULT.withSyncTimeout(Duration.ofSeconds(5))
            .withCallTimeout(Duration.ofMillis(300));
    private static final byte FF = (byte) 0xFF;

    @TempDir
    Path dir;
    private Vertx vertx;
    private FakePeer peer;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (peer != null) {
            peer.close();
        }
        Await.result(vertx.close());
    }

    /** A fake agent: JSON after the last 0xFF of a line is the request. */
    private static void agent(String line, NetSocket s) {
        int ff = line.lastIndexOf('\u00ff');
        JsonObject req = new JsonObject(line.substring(ff + 1));
        Object id = req.getValue("id");
        switch (req.getString("execute")) {
            case "guest-sync-delimited" -> {
                long syncId = req.getJsonObject("arguments").getLong("id");
                Buffer out = Buffer.buffer("{\"return\": \"stale reply of an earlier client\"}\n")
                        .appendByte(FF).appendString("{\"return\": 4711}\n")
                        .appendString("\u0001garbage-without-newline")
                        .appendString("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\uFFFD'\"}}\n")
                        .appendByte(FF).appendString("{\"return\": " + syncId + "}\n");
                for (int i = 0; i < out.length(); i++) {
                    s.write(out.getBuffer(i, i + 1)); // one byte at a time: the sentinel may arrive alone
                }
            }
            case "guest-ping" -> s.write(new JsonObject().put("return", new JsonObject()).put("id", id).encode() + "\n");
            case "guest-fsfreeze-status" -> s.write("{\"return\": \"thawed\"}\n");
            case "guest-fsfreeze-freeze" -> s.write(new JsonObject().put("id", id).put("error", new JsonObject()
                    .put("class", "CommandNotFound").put("desc", "Command guest-fsfreeze-freeze has been disabled"))
                    .encode() + "\n");
            default -> { }
        }
    }

    @Test
    void resyncDiscardsStaleOutputThenCallsWork() throws Exception {
        peer = FakePeer.start(vertx, dir, Buffer.buffer("{\"return\": \"left over\"}\n"), GuestAgentClientTest::agent);
        GuestAgentClient ga = Await.result(GuestAgentClient.connect(vertx, peer.path(), FAST));
        assertTrue(peer.received().get(0).startsWith("\u00ff{\"execute\":\"guest-sync-delimited\""));
        Await.result(ga.ping());
        assertEquals(FsFreezeStatus.THAWED, Await.result(ga.fsfreezeStatus()), "reply without id: oldest pending");
        GuestAgentException e = Await.failure(ga.fsfreezeFreeze(), GuestAgentException.class);
        assertEquals(QmpErrorClass.COMMAND_NOT_FOUND, e.errorClass());
        assertEquals("Command guest-fsfreeze-freeze has been disabled", e.desc());
        Await.result(ga.close());
    }

    @Test
    void silentAgentFailsTheSyncInTime() throws Exception {
        peer = FakePeer.start(vertx, dir, null, (line, s) -> { });
        long start = System.nanoTime();
        QmpTimeoutException e = Await.failure(GuestAgentClient.connect(vertx, peer.path(),
                FAST.withSyncTimeout(Duration.ofMillis(300))),
                QmpTimeoutException.class);
        assertTrue(e.getMessage().contains("guest-sync-delimited"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void callTimeoutClosesTheConnection() throws Exception {
        peer = FakePeer.start(vertx, dir, null, GuestAgentClientTest::agent);
        GuestAgentClient ga = Await.result(GuestAgentClient.connect(vertx, peer.path(), FAST));
        Await.failure(ga.info(), QmpTimeoutException.class);
        Await.failure(ga.ping(), QmpConnectionException.class);
        assertFalse(ga.isOpen());
    }
}
