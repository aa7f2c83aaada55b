package io.vmferry.nbd.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdClientPool;
import io.vmferry.nbd.api.NbdCommandException;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdError;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdMetaContexts;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdReadChunk;
import io.vmferry.nbd.impl.PooledClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.vmferry.nbd.testing.Await.await;
import static io.vmferry.nbd.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against real nbdkit servers: memory (6 GiB, written by qemu-io), pattern, sparse-random, error and delay filters. */
class NbdkitIT {

    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;

    @TempDir
    static Path dir;
    static Vertx vertx;
    static final List<ServerProcess> servers = new ArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        servers.forEach(ServerProcess::close);
        await(vertx.close());
    }

    private static Path nbdkit(String name, String... args) throws Exception {
        Path socket = dir.resolve(name + ".sock");
        List<String> command = new ArrayList<>(List.of("nbdkit", "-f", "--exit-with-parent", "-U", socket.toString()));
        command.addAll(List.of(args));
        servers.add(ServerProcess.unix(dir, socket, command.toArray(String[]::new)));
        return socket;
    }

    private static NbdOptions unix(Path socket) {
        return new NbdOptions().setSocketPath(socket.toString());
    }

    private static String uri(Path socket) {
        return "nbd+unix:///?socket=" + socket;
    }

    @Test
    void sixGibMemoryDiskExtentsLoopPast4GibAndMatchNbdinfo() throws Exception {
        Path socket = nbdkit("mem", "memory", "6G");
        Tools.run("qemu-io", "-f", "raw", "-c", "write -P 0x11 1M 64k", "-c", "write -P 0x22 5G 1M", uri(socket));
        NbdClient nbd = await(NbdClient.connect(vertx, unix(socket).setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION))));
        assertEquals(6 * GIB, nbd.export().size());
        List<NbdExtent> extents = await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, 6 * GIB));
        assertEquals(Tools.nbdinfoMap(uri(socket), NbdMetaContexts.BASE_ALLOCATION), extents);
        assertTrue(extents.stream().anyMatch(e -> e.offset() <= 5 * GIB && e.end() >= 5 * GIB + MIB && !e.hole()),
                "data at 5 GiB found: " + extents);
        assertEquals(6 * GIB, extents.get(extents.size() - 1).end());

        Buffer at5g = await(nbd.read(5 * GIB, (int) MIB));
        for (int i = 0; i < at5g.length(); i++) {
            assertEquals(0x22, at5g.getByte(i));
        }
        Buffer around = await(nbd.read(MIB - 4096, 72 * 1024));
        for (int i = 0; i < around.length(); i++) {
            assertEquals(i >= 4096 && i < 4096 + 65536 ? 0x11 : 0, around.getByte(i), "byte " + i);
        }
        await(nbd.close());
        assertTrue(nbd.isClosed());
    }

    @Test
    void largeReadsAreSplitAndSpreadOverAPool() throws Exception {
        Path socket = nbdkit("pattern", "pattern", "200M");
        NbdClient pool = await(NbdClientPool.connect(vertx, unix(socket).setMaxInFlight(4), 3));
        assertTrue(pool.export().flags().canMultiConn());
        assertEquals(3, ((PooledClient) pool).size());
        long offset = 8 * MIB + 512;
        long length = 100 * MIB;
        AtomicLong bytes = new AtomicLong();
        await(pool.read(offset, length, chunk -> {
            NbdReadChunk.Data data = assertInstanceOf(NbdReadChunk.Data.class, chunk);
            verifyPattern(data.offset(), data.data());
            bytes.addAndGet(data.data().length());
        }));
        assertEquals(length, bytes.get());
        await(pool.close());

        NbdClient small = await(NbdClient.connect(vertx, unix(socket).setMaxReadLength(4096)));
        Buffer b = await(small.read(4000, 50_000));
        verifyPattern(4000, b);
        await(small.close());
    }

    @Test
    void sparseRandomDataAndExtentsMatchNbdcopyAndNbdinfo() throws Exception {
        Path socket = nbdkit("sparse", "sparse-random", "64M", "seed=7");
        Path copy = dir.resolve("sparse.raw");
        Tools.run("nbdcopy", uri(socket), copy.toString());
        NbdClient nbd = await(NbdClient.connect(vertx, unix(socket).setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION))));
        assertEquals(Tools.nbdinfoMap(uri(socket), NbdMetaContexts.BASE_ALLOCATION),
                await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, nbd.export().size())));
        assertEquals(Buffer.buffer(Files.readAllBytes(copy)), await(nbd.read(0, (int) nbd.export().size())));
        await(nbd.close());
    }

    @Test
    void serverReadErrorIsATypedCommandErrorAndTheConnectionSurvives() throws Exception {
        Path trigger = dir.resolve("error-now");
        Path socket = nbdkit("error", "--filter=error", "memory", "64M",
                "error-pread=EIO", "error-pread-rate=100%", "error-pread-file=" + trigger);
        NbdClient nbd = await(NbdClient.connect(vertx, unix(socket).setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION))));
        assertEquals(4096, await(nbd.read(0, 4096)).length());
        Files.createFile(trigger);
        NbdCommandException e = assertInstanceOf(NbdCommandException.class, failure(nbd.read(MIB, 8192)));
        assertEquals(NbdError.EIO, e.error());
        assertEquals("NBD_CMD_READ", e.command());
        assertFalse(nbd.isClosed());
        assertFalse(await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, 64 * MIB)).isEmpty());
        Files.delete(trigger);
        assertEquals(8192, await(nbd.read(MIB, 8192)).length());
        await(nbd.close());
    }

    @Test
    void pendingCommandsFailWhenTheServerDies() throws Exception {
        ServerProcess slow = slowServer("killed");
        NbdClient nbd = await(NbdClient.connect(vertx, unix(dir.resolve("killed.sock")).setMaxInFlight(2)));
        List<Future<Buffer>> reads = startReads(nbd);
        slow.kill();
        for (Future<Buffer> read : reads) {
            assertInstanceOf(NbdConnectionException.class, failure(read));
        }
        assertTrue(nbd.isClosed());
        assertInstanceOf(NbdConnectionException.class, failure(nbd.read(0, 512)));
    }

    @Test
    void serverShutdownAnswersEshutdownAndTheClientDisconnects() throws Exception {
        ServerProcess slow = slowServer("stopped");
        NbdClient nbd = await(NbdClient.connect(vertx, unix(dir.resolve("stopped.sock")).setMaxInFlight(2)));
        List<Future<Buffer>> reads = startReads(nbd);
        slow.close();
        for (Future<Buffer> read : reads) {
            Throwable t = failure(read);
            assertTrue(t instanceof NbdConnectionException
                    || t instanceof NbdCommandException c && c.error() == NbdError.ESHUTDOWN, t.toString());
        }
        await(nbd.close());
        assertTrue(nbd.isClosed());
    }

    private static ServerProcess slowServer(String name) throws Exception {
        Path socket = dir.resolve(name + ".sock");
        ServerProcess slow = ServerProcess.unix(dir, socket, "nbdkit", "-f", "--exit-with-parent", "-U", socket.toString(),
                "--filter=delay", "memory", "16M", "delay-read=5");
        servers.add(slow);
        return slow;
    }

    private static List<Future<Buffer>> startReads(NbdClient nbd) throws InterruptedException {
        List<Future<Buffer>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.add(nbd.read(i * 4096L, 4096));
        }
        Thread.sleep(300);
        return reads;
    }

    /** nbdkit pattern: every 8-byte big-endian word holds its own offset. */
    static void verifyPattern(long offset, Buffer view) {
        byte[] data = view.getBytes(); // one copy: per-byte reads of a leak-tracked socket buffer are slow
        for (int i = 0; i < data.length; i++) {
            long pos = offset + i;
            long word = pos & ~7L;
            int expected = (int) (word >>> (8 * (7 - (pos & 7)))) & 0xFF;
            if ((data[i] & 0xFF) != expected) {
                throw new AssertionError("pattern mismatch at " + pos);
            }
        }
    }
}
