package io.vmferry.nbd.it;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdClientPool;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdException;
import io.vmferry.nbd.api.NbdExport;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdMetaContexts;
import io.vmferry.nbd.api.NbdOptionError;
import io.vmferry.nbd.api.NbdOptionException;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdReadChunk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vmferry.nbd.testing.Await.await;
import static io.vmferry.nbd.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against real qemu-nbd exports of qcow2 images written with qemu-io: data equals {@code qemu-img convert},
 * {@code base:allocation} equals {@code nbdinfo --map}, a persistent dirty bitmap exported with {@code -B}
 * gives exactly the written 64 KiB granules, and a 6 GiB image's extents loop past 4 GiB.
 */
class QemuNbdIT {

    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;
    private static final String BITMAP = NbdMetaContexts.dirtyBitmap("b0");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static final List<ServerProcess> servers = new ArrayList<>();
    static Path socket;
    static Path bigSocket;
    static int port;
    static Buffer reference;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Path disk = dir.resolve("disk.qcow2");
        Tools.run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M");
        Tools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x05 32M 1M", disk.toString());
        Tools.run("qemu-img", "bitmap", "--add", "-g", "64K", disk.toString(), "b0");
        Tools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 64k", "-c", "write -P 0x22 10M 4k",
                "-c", "write -P 0x33 20M 200k", "-c", "write -z 40M 64k", disk.toString());
        Tools.run("qemu-img", "bitmap", "--disable", disk.toString(), "b0");
        Path raw = dir.resolve("disk.raw");
        Tools.run("qemu-img", "convert", "-O", "raw", disk.toString(), raw.toString());
        reference = Buffer.buffer(Files.readAllBytes(raw));

        socket = dir.resolve("qemu.sock");
        servers.add(ServerProcess.unix(dir, socket, "qemu-nbd", "-r", "-t", "-e", "8", "-f", "qcow2", "-x", "vm1",
                "-B", "b0", "--socket=" + socket, disk.toString()));
        port = ServerProcess.freePort();
        servers.add(ServerProcess.tcp(dir, port, "qemu-nbd", "-r", "-t", "-e", "8", "-f", "qcow2", "-x", "vm1",
                "-B", "b0", "-b", "127.0.0.1", "-p", String.valueOf(port), disk.toString()));

        Path big = dir.resolve("big.qcow2");
        Tools.run("qemu-img", "create", "-q", "-f", "qcow2", big.toString(), "6G");
        Tools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x44 0 1M", "-c", "write -P 0x55 5G 64k",
                "-c", "write -P 0x66 6143M 1M", big.toString());
        bigSocket = dir.resolve("big.sock");
        servers.add(ServerProcess.unix(dir, bigSocket, "qemu-nbd", "-r", "-t", "-e", "4", "-f", "qcow2",
                "--socket=" + bigSocket, big.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        servers.forEach(ServerProcess::close);
        await(vertx.close());
    }

    private static NbdOptions unix() {
        return new NbdOptions().setSocketPath(socket.toString()).setExportName("vm1")
                .setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION, BITMAP));
    }

    private static String uri() {
        return "nbd+unix:///vm1?socket=" + socket;
    }

    @Test
    void handshakeExposesTheExport() throws Exception {
        NbdClient nbd = await(NbdClient.connect(vertx, unix()));
        NbdExport export = nbd.export();
        assertEquals(64 * MIB, export.size());
        assertTrue(export.flags().readOnly());
        assertTrue(export.flags().canMultiConn());
        assertTrue(export.structuredReplies());
        assertEquals(32 * MIB, export.blockSize().maximum());
        assertEquals(2, export.metaContexts().size());
        assertTrue(export.contextId(BITMAP).isPresent());
        await(nbd.close());
    }

    @Test
    void readsEqualQemuImgConvertOverUnixAndTcp() throws Exception {
        NbdClient overUnix = await(NbdClient.connect(vertx, unix().setMaxReadLength(8 << 20)));
        AtomicInteger holes = new AtomicInteger();
        Buffer streamed = Buffer.buffer(new byte[reference.length()]);
        await(overUnix.read(0, reference.length(), chunk -> {
            if (chunk instanceof NbdReadChunk.Data d) {
                streamed.setBuffer((int) d.offset(), d.data());
            } else {
                holes.incrementAndGet();
            }
        }));
        assertEquals(reference, streamed);
        assertTrue(holes.get() > 0, "unallocated clusters come as OFFSET_HOLE chunks");
        await(overUnix.close());

        NbdClient overTcp = await(NbdClient.connect(vertx, new NbdOptions().setHost("127.0.0.1").setPort(port).setExportName("vm1")));
        assertEquals(reference, await(overTcp.read(0, reference.length())));
        assertEquals(reference.getBuffer(20 * 1024 * 1024 - 100, 20 * 1024 * 1024 + 300_000),
                await(overTcp.read(20 * MIB - 100, 300_100)));
        await(overTcp.close());
    }

    @Test
    void wholeReadsBringHolesAsZeroData() throws Exception {
        NbdClient nbd = await(NbdClient.connect(vertx, unix().setMaxReadLength(8 << 20).setWholeReads(true)));
        assertTrue(nbd.export().flags().canDf(), "qemu-nbd offers NBD_FLAG_SEND_DF");
        List<NbdReadChunk> chunks = new ArrayList<>();
        Buffer streamed = Buffer.buffer(new byte[reference.length()]);
        await(nbd.read(0, reference.length(), chunk -> {
            chunks.add(chunk);
            if (chunk instanceof NbdReadChunk.Data d) {
                streamed.setBuffer((int) d.offset(), d.data());
            }
        }));
        assertEquals(reference, streamed, "holes arrive as zero bytes");
        assertTrue(chunks.stream().allMatch(c -> c instanceof NbdReadChunk.Data),
                "no OFFSET_HOLE chunks, where the same read without the flag gets some (test above)");
        await(nbd.close());
    }

    @Test
    void dirtyBitmapExtentsAreExactlyTheWrittenGranules() throws Exception {
        NbdClient nbd = await(NbdClient.connect(vertx, unix()));
        List<NbdExtent> dirty = await(nbd.extents(BITMAP, 0, 64 * MIB));
        assertEquals(List.of(
                new NbdExtent(0, 64 * 1024, 1),
                new NbdExtent(64 * 1024, 10 * MIB - 64 * 1024, 0),
                new NbdExtent(10 * MIB, 64 * 1024, 1),
                new NbdExtent(10 * MIB + 64 * 1024, 10 * MIB - 64 * 1024, 0),
                new NbdExtent(20 * MIB, 256 * 1024, 1),
                new NbdExtent(20 * MIB + 256 * 1024, 20 * MIB - 256 * 1024, 0),
                new NbdExtent(40 * MIB, 64 * 1024, 1),
                new NbdExtent(40 * MIB + 64 * 1024, 24 * MIB - 64 * 1024, 0)), dirty);
        assertEquals(Tools.nbdinfoMap(uri(), BITMAP), dirty);
        assertEquals(Tools.nbdinfoMap(uri(), NbdMetaContexts.BASE_ALLOCATION),
                await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, 64 * MIB)));
        List<NbdExtent> part = await(nbd.extents(BITMAP, 10 * MIB + 4096, 8192));
        assertEquals(List.of(new NbdExtent(10 * MIB + 4096, 8192, 1)), part);
        await(nbd.close());
    }

    @Test
    void sixGibImageExtentsLoopPast4Gib() throws Exception {
        NbdClient nbd = await(NbdClient.connect(vertx, new NbdOptions().setSocketPath(bigSocket.toString())
                .setMetaContexts(List.of(NbdMetaContexts.BASE_ALLOCATION))));
        List<NbdExtent> extents = await(nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, 6 * GIB));
        assertEquals(Tools.nbdinfoMap("nbd+unix:///?socket=" + bigSocket, NbdMetaContexts.BASE_ALLOCATION), extents);
        assertTrue(extents.stream().anyMatch(e -> e.offset() == 5 * GIB && !e.hole()), extents.toString());
        assertEquals(6 * GIB, extents.get(extents.size() - 1).end());
        Buffer tail = await(nbd.read(6 * GIB - MIB, (int) MIB));
        assertEquals(0x66, tail.getByte(0));
        assertEquals(0x66, tail.getByte((int) MIB - 1));
        await(nbd.close());
    }

    @Test
    void poolReadsTheWholeDisk() throws Exception {
        NbdClient pool = await(NbdClientPool.connect(vertx, unix().setMaxReadLength(1 << 20), 4));
        assertEquals(reference, await(pool.read(0, reference.length())));
        assertEquals(Tools.nbdinfoMap(uri(), BITMAP), await(pool.extents(BITMAP, 0, 64 * MIB)));
        await(pool.close());
        assertTrue(pool.isClosed());
    }

    @Test
    void listMetaContextsKeysByName() throws Exception {
        List<String> qemu = await(NbdClient.listMetaContexts(vertx, unix(), List.of("qemu:")));
        assertTrue(qemu.contains(BITMAP), qemu.toString());
        List<String> all = await(NbdClient.listMetaContexts(vertx, unix(), List.of()));
        assertTrue(all.contains(NbdMetaContexts.BASE_ALLOCATION), all.toString());
    }

    @Test
    void refusalsAreTyped() throws Exception {
        NbdOptionException unknown = assertInstanceOf(NbdOptionException.class,
                failure(NbdClient.connect(vertx, unix().setExportName("nosuch").setMetaContexts(List.of()))));
        assertEquals(NbdOptionError.UNKNOWN, unknown.error());
        assertEquals("NBD_OPT_GO", unknown.option());

        Throwable missing = failure(NbdClient.connect(vertx, unix().setMetaContexts(List.of(NbdMetaContexts.dirtyBitmap("nosuch")))));
        assertInstanceOf(NbdException.class, missing);
        assertTrue(missing.getMessage().contains("qemu:dirty-bitmap:nosuch"), missing.getMessage());

        int closedPort = ServerProcess.freePort();
        Throwable refused = failure(NbdClient.connect(vertx, new NbdOptions().setHost("127.0.0.1").setPort(closedPort)));
        assertInstanceOf(NbdConnectionException.class, refused);
        assertTrue(refused.getMessage().startsWith("connection to 127.0.0.1:" + closedPort + " failed: Connection refused"),
                refused.getMessage()); // the system's reason, no Java class name

        NbdClient nbd = await(NbdClient.connect(vertx, unix()));
        assertInstanceOf(IllegalArgumentException.class, failure(nbd.read(64 * MIB - 10, 20)));
        assertInstanceOf(IllegalArgumentException.class, failure(nbd.extents("qemu:allocation-depth", 0, 512)));
        await(nbd.close());
        assertInstanceOf(NbdConnectionException.class, failure(nbd.read(0, 512)));
    }
}
