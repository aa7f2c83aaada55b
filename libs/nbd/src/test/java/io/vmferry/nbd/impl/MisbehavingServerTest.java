package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdCommandException;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdError;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdMetaContexts;
import io.vmferry.nbd.api.NbdOptionError;
import io.vmferry.nbd.api.NbdOptionException;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.testing.ScriptedNbdServer;
import io.vmferry.nbd.testing.ScriptedNbdServer.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static io.vmferry.nbd.testing.Await.await;
import static io.vmferry.nbd.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error classification against a scripted server on a real socket: command error, skippable, fatal. */
@ExtendWith(VertxExtension.class)
class MisbehavingServerTest {

    private static final BiConsumer<Request, NetSocket> WELL_BEHAVED = (r, s) ->
            s.write(ScriptedNbdServer.data(r.cookie(), r.offset(), (int) r.length(), 0xAB, true));

    private static NbdClient connect(Vertx vertx, boolean structured, BiConsumer<Request, NetSocket> script,
                                     NbdOptions options) throws Exception {
        int port = await(new ScriptedNbdServer(vertx, structured, script).start());
        return await(NbdClient.connect(vertx, options.setHost("127.0.0.1").setPort(port)));
    }

    @Test
    void replyForAnUnknownCookieIsFatalForEveryPendingCommand(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, true, (r, s) -> {
            if (r.offset() == 0) {
                s.write(ScriptedNbdServer.data(r.cookie() + 1000, 0, 512, 0, true));
            }
        }, new NbdOptions());
        Future<Buffer> held = nbd.read(4096, 512);
        Future<Buffer> bogus = nbd.read(0, 512);
        for (Future<Buffer> f : List.of(held, bogus)) {
            NbdProtocolException e = assertInstanceOf(NbdProtocolException.class, failure(f));
            assertTrue(e.fatal());
            assertTrue(e.getMessage().contains("unknown cookie"), e.getMessage());
        }
        assertTrue(nbd.isClosed());
        assertInstanceOf(NbdProtocolException.class, failure(nbd.read(0, 512)));
    }

    @Test
    void garbageIsFatal(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, true, (r, s) -> s.write(Buffer.buffer("HTTP/1.1 400 Bad Request\r\n")), new NbdOptions());
        NbdProtocolException e = assertInstanceOf(NbdProtocolException.class, failure(nbd.read(0, 512)));
        assertTrue(e.fatal());
        assertTrue(nbd.isClosed());
    }

    @Test
    void chunkOutsideTheRequestFailsOnlyThatCommand(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, true, (r, s) -> s.write(ScriptedNbdServer.data(r.cookie(),
                r.offset() == 0 ? 4096 : r.offset(), (int) r.length(), 0xAB, true)), new NbdOptions());
        NbdProtocolException e = assertInstanceOf(NbdProtocolException.class, failure(nbd.read(0, 512)));
        assertFalse(e.fatal());
        assertTrue(e.getMessage().contains("outside the request"), e.getMessage());
        assertFalse(nbd.isClosed());
        assertEquals((byte) 0xAB, await(nbd.read(8192, 512)).getByte(511));
    }

    @Test
    void errorChunkIsATypedCommandError(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, true, (r, s) -> s.write(r.offset() == 0
                ? ScriptedNbdServer.error(r.cookie(), 1, "not allowed")
                : ScriptedNbdServer.data(r.cookie(), r.offset(), (int) r.length(), 0xAB, true)), new NbdOptions());
        NbdCommandException e = assertInstanceOf(NbdCommandException.class, failure(nbd.read(0, 512)));
        assertEquals(NbdError.EPERM, e.error());
        assertTrue(e.getMessage().endsWith("EPERM: not allowed"), e.getMessage());
        assertEquals(512, await(nbd.read(512, 512)).length());
    }

    @Test
    void zeroLengthExtentIsSkippableAndShortRepliesLoop(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, true, (r, s) -> s.write(r.offset() == 0
                ? ScriptedNbdServer.status(r.cookie(), 0, 0)
                : ScriptedNbdServer.status(r.cookie(), 4096, r.offset() < 16384 ? 1 : 0)),
                new NbdOptions().setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION)));
        NbdProtocolException e = assertInstanceOf(NbdProtocolException.class,
                failure(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, 8192)));
        assertFalse(e.fatal());
        assertEquals(List.of(new NbdExtent(4096, 12288, 1), new NbdExtent(16384, 4096 + 100, 0)),
                await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 4096, 12288 + 4096 + 100)));
    }

    @Test
    void simpleRepliesAreTheFallbackWithoutStructuredReplies(Vertx vertx) throws Exception {
        NbdClient nbd = connect(vertx, false, (r, s) -> s.write(r.offset() == 0
                ? ScriptedNbdServer.simple(r.cookie(), 5, 0, 0)
                : ScriptedNbdServer.simple(r.cookie(), 0, (int) r.length(), 0x5A)), new NbdOptions());
        assertFalse(nbd.export().structuredReplies());
        assertEquals(NbdError.EIO, assertInstanceOf(NbdCommandException.class, failure(nbd.read(0, 512))).error());
        Buffer b = await(nbd.read(1000, 70_000));
        assertEquals(70_000, b.length());
        assertEquals((byte) 0x5A, b.getByte(69_999));
    }

    @Test
    void inFlightLimitQueuesTheRest(Vertx vertx) throws Exception {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        NbdClient nbd = connect(vertx, true, (r, s) -> {
            max.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            vertx.setTimer(5, id -> {
                outstanding.decrementAndGet();
                WELL_BEHAVED.accept(r, s);
            });
        }, new NbdOptions().setMaxInFlight(3));
        List<Future<Buffer>> reads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reads.add(nbd.read(i * 512L, 512));
        }
        await(Future.all(reads));
        assertTrue(max.get() <= 3 && max.get() >= 2, "max outstanding " + max.get());
        await(nbd.close());
    }

    @Test
    void handshakeFailuresAreTyped(Vertx vertx) throws Exception {
        int port = await(new ScriptedNbdServer(vertx, true, WELL_BEHAVED).start());
        NbdOptionException refused = assertInstanceOf(NbdOptionException.class, failure(NbdClient.connect(vertx,
                new NbdOptions().setHost("127.0.0.1").setPort(port).setExportName("nosuch"))));
        assertEquals(NbdOptionError.UNKNOWN, refused.error());
        assertTrue(refused.getMessage().contains("no export nosuch"), refused.getMessage());

        int silent = await(vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1")).actualPort();
        NbdConnectionException timeout = assertInstanceOf(NbdConnectionException.class, failure(NbdClient.connect(vertx,
                new NbdOptions().setHost("127.0.0.1").setPort(silent).setConnectTimeoutMs(300))));
        assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());

        int http = await(vertx.createNetServer().connectHandler(s -> s.write("HTTP/1.1 200 OK\r\n\r\n"))
                .listen(0, "127.0.0.1")).actualPort();
        NbdProtocolException notNbd = assertInstanceOf(NbdProtocolException.class, failure(NbdClient.connect(vertx,
                new NbdOptions().setHost("127.0.0.1").setPort(http))));
        assertTrue(notNbd.getMessage().contains("greeting"), notNbd.getMessage());
    }
}
