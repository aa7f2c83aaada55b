package io.vmferry.qemu.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vmferry.qemu.qmp.testing.Await;
import io.vmferry.qemu.qmp.testing.FakePeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link QmpClient} against a scripted fake QMP server: framing, matching, errors, timeouts, close. */
class QmpClientTest {
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, "
            + "\"major\": 7}, \"package\": \"fake\"}, \"capabilities\": [\"oob\"]}}\r\n";
    private static final QmpOptions FAST = QmpOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5))
            .withCallTimeout(Duration.ofMillis(300)).withMaxLineBytes(4096);

    @TempDir
    Path dir;
    private Vertx vertx;
    private FakePeer peer;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        peer = FakePeer.start(vertx, dir, Buffer.buffer(GREETING), QmpClientTest::serve);
    }

    @AfterEach
    void tearDown() throws Exception {
        peer.close();
        Await.result(vertx.close());
    }

    /** The fake server's behaviour, chosen by command name. */
    private static void serve(String line, NetSocket s) {
        JsonObject req = new JsonObject(line);
        Object id = req.getValue("id");
        JsonObject ok = new JsonObject().put("return", req.getJsonObject("arguments", new JsonObject())).put("id", id);
        switch (req.getString("execute")) {
            case "fail" -> s.write(new JsonObject().put("id", id).put("error", new JsonObject()
                    .put("class", "DeviceNotFound").put("desc", "Device 'x' not found")).encode() + "\r\n");
            case "silent" -> { }
            case "split" -> {
                byte[] bytes = (ok.encode() + "\r\n").getBytes();
                for (byte b : bytes) {
                    s.write(Buffer.buffer(new byte[] {b}));
                }
            }
            case "event" -> s.write("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 5}, \"event\": \"JOB_STATUS_CHANGE\","
                    + " \"data\": {\"status\": \"concluded\", \"id\": \"j1\"}}\r\n" + ok.encode() + "\r\n");
            case "huge" -> s.write("{\"return\": \"" + "x".repeat(5000) + "\"}\r\n");
            case "junk" -> s.write("this is not json\r\n");
            case "bye" -> s.close();
            case "list" -> s.write(new JsonObject().put("return", new io.vertx.core.json.JsonArray().add(1)).put("id", id)
                    .encode() + "\r\n");
            default -> s.write(ok.encode() + "\r\n");
        }
    }

    private QmpClient connect() {
        return Await.result(QmpClient.connect(vertx, peer.path(), FAST));
    }

    @Test
    void handshakeThenCommandsMatchedById() {
        QmpClient qmp = connect();
        assertEquals("7.2.22", qmp.greeting().version());
        assertTrue(qmp.greeting().atLeast(7, 2));
        assertTrue(peer.received().get(0).contains("qmp_capabilities"));
        Future<JsonObject> a = qmp.execute("echo", new JsonObject().put("n", 1));
        Future<JsonObject> b = qmp.execute("split", new JsonObject().put("n", 2));
        assertEquals(2, Await.result(b).getInteger("n"));
        assertEquals(1, Await.result(a).getInteger("n"));
        Await.result(qmp.close());
    }

    @Test
    void errorReplyCarriesClassAndDesc() {
        QmpClient qmp = connect();
        QmpException e = Await.failure(qmp.execute("fail"), QmpException.class);
        assertEquals("fail", e.command());
        assertEquals("DeviceNotFound", e.className());
        assertEquals(QmpErrorClass.DEVICE_NOT_FOUND, e.errorClass());
        assertEquals("Device 'x' not found", e.desc());
        assertEquals(0, e.getStackTrace().length);
        assertTrue(qmp.isOpen(), "an error reply keeps the connection");
    }

    @Test
    void wrongReturnTypeFailsTheCallOnly() {
        QmpClient qmp = connect();
        Await.failure(qmp.execute("list"), QmpClientException.class);
        assertEquals(1, Await.result(qmp.query("list", null)).size());
    }

    @Test
    void callTimesOutAndConnectionStaysUsable() {
        QmpClient qmp = connect();
        QmpTimeoutException e = Await.failure(qmp.execute("silent"), QmpTimeoutException.class);
        assertTrue(e.getMessage().contains("'silent'"), e.getMessage());
        assertEquals(Duration.ofMillis(300), e.timeout());
        assertEquals(3, Await.result(qmp.execute("echo", new JsonObject().put("n", 3))).getInteger("n"));
    }

    @Test
    void closeFailsPendingCalls() {
        QmpClient qmp = connect();
        Future<Object> pending = qmp.call("silent", null, Duration.ofSeconds(10));
        Future<QmpEvent> event = qmp.awaitEvent("NEVER", Duration.ofSeconds(10));
        Await.result(qmp.close());
        assertTrue(Await.failure(pending, QmpConnectionException.class).getMessage().contains("closed by the client"));
        Await.failure(event, QmpConnectionException.class);
        assertFalse(qmp.isOpen());
        Await.failure(qmp.execute("echo"), QmpConnectionException.class);
    }

    @Test
    void peerCloseFailsPendingCalls() {
        QmpClient qmp = connect();
        Future<Object> pending = qmp.call("silent", null, Duration.ofSeconds(10));
        Future<Object> bye = qmp.call("bye", null, Duration.ofSeconds(10));
        assertTrue(Await.failure(pending, QmpConnectionException.class).getMessage().contains("closed by the peer"));
        Await.failure(bye, QmpConnectionException.class);
    }

    @Test
    void overlongLineClosesTheConnection() {
        QmpClient qmp = connect();
        Future<Object> pending = qmp.call("silent", null, Duration.ofSeconds(10));
        QmpConnectionException e = Await.failure(qmp.execute("huge"), QmpConnectionException.class);
        assertTrue(e.getMessage().contains("longer than 4096"), e.getMessage());
        assertEquals(e, Await.failure(pending, QmpConnectionException.class), "pending calls fail with the cause");
    }

    @Test
    void invalidJsonClosesTheConnection() {
        QmpClient qmp = connect();
        assertTrue(Await.failure(qmp.execute("junk"), QmpConnectionException.class).getMessage().contains("invalid JSON"));
    }

    @Test
    void eventsReachHandlerAndWaiters() {
        QmpClient qmp = connect();
        List<QmpEvent> seen = new CopyOnWriteArrayList<>();
        qmp.eventHandler(seen::add);
        Future<QmpEvent> wait = qmp.awaitEvent(e -> e.data().getString("id", "").equals("j1"), Duration.ofSeconds(5));
        Await.result(qmp.execute("event"));
        QmpEvent e = Await.result(wait);
        assertEquals("JOB_STATUS_CHANGE", e.name());
        assertEquals("concluded", e.data().getString("status"));
        assertEquals(1_000_005_000L, e.timestamp().getEpochSecond() * 1_000_000_000L + e.timestamp().getNano());
        assertEquals(1, seen.size());
        Await.failure(qmp.awaitEvent("NEVER", Duration.ofMillis(50)), QmpTimeoutException.class);
    }

    @Test
    void missingGreetingTimesOut() throws Exception {
        peer.close();
        peer = FakePeer.start(vertx, dir, null, (line, s) -> { });
        long start = System.nanoTime();
        Await.failure(QmpClient.connect(vertx, peer.path(), FAST.withConnectTimeout(Duration.ofMillis(300))),
                QmpTimeoutException.class);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void connectToMissingSocketFails() {
        Await.failure(QmpClient.connect(vertx, dir.resolve("nosuch.qmp").toString(), FAST),
                QmpConnectionException.class);
    }
}
