package io.vmferry.qemu.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.qemu.qmp.testing.Await;
import io.vmferry.qemu.qmp.testing.HostProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link QmpClient} and {@link QmpCommands} against a real {@code qemu-system-x86_64 -machine none}. */
class QmpClientIT {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Vertx vertx;
    private HostProcess qemu;
    private String qmpPath;

    @BeforeEach
    void start() throws Exception {
        HostProcess.assumeInstalled("qemu-system-x86_64");
        vertx = Vertx.vertx();
        Path disk = dir.resolve("disk.qcow2");
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M").inheritIO().start()
                .waitFor(10, TimeUnit.SECONDS);
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", dir.resolve("fleece1.qcow2").toString(), "64M")
                .inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        qmpPath = dir.resolve("qmp.sock").toString();
        qemu = HostProcess.start(dir, "qemu", List.of("qemu-system-x86_64", "-machine", "none", "-nodefaults",
                "-display", "none", "-accel", "tcg", "-qmp", "unix:" + qmpPath + ",server=on,wait=off",
                "-drive", "if=none,id=drive-scsi0,driver=qcow2,file.driver=file,file.filename=" + disk
                        + ",node-name=fmt-scsi0,file.node-name=file-scsi0",
                "-drive", "if=none,id=drive-ide2,media=cdrom"), Path.of(qmpPath));
    }

    @AfterEach
    void stop() {
        if (qemu != null) {
            qemu.close();
            Await.result(vertx.close());
        }
    }

    private QmpCommands connect() {
        return new QmpCommands(Await.result(QmpClient.connect(vertx, qmpPath)));
    }

    @Test
    void greetingStatusAndErrorReplies() {
        QmpCommands qmp = connect();
        assertTrue(qmp.client().greeting().atLeast(7, 2), qmp.client().greeting().version());
        assertEquals(new VmStatus("running", true), Await.result(qmp.queryStatus()));

        QmpException e = Await.failure(qmp.bitmapAdd("fmt-scsi0", "x", 100000, true, false), QmpException.class);
        assertEquals(QmpErrorClass.GENERIC_ERROR, e.errorClass());
        assertEquals("Granularity must be power of 2 and at least 512", e.desc());

        e = Await.failure(qmp.client().execute("no-such-command"), QmpException.class);
        assertEquals(QmpErrorClass.COMMAND_NOT_FOUND, e.errorClass());
        assertEquals("The command no-such-command has not been found", e.desc());
        assertTrue(qmp.client().isOpen());
        Await.result(qmp.client().close());
    }

    @Test
    void blockQueriesSeeDrivesNodesAndEmptyCdrom() {
        QmpCommands qmp = connect();
        List<BlockInfo> block = Await.result(qmp.queryBlock());
        BlockInfo scsi0 = block.stream().filter(b -> b.device().equals("drive-scsi0")).findFirst().orElseThrow();
        assertEquals("fmt-scsi0", scsi0.nodeName());
        assertEquals("qcow2", scsi0.driver());
        assertEquals(64L << 20, scsi0.virtualSize());
        assertFalse(block.stream().filter(b -> b.device().equals("drive-ide2")).findFirst().orElseThrow().inserted());

        Await.result(qmp.bitmapAdd("fmt-scsi0", "cbt-inc", 65536, true, false));
        BlockNode node = Await.result(qmp.queryNamedBlockNodes()).stream()
                .filter(n -> "fmt-scsi0".equals(n.nodeName())).findFirst().orElseThrow();
        DirtyBitmap bitmap = node.bitmap("cbt-inc").orElseThrow();
        assertTrue(bitmap.persistent() && bitmap.recording() && !bitmap.inconsistent());
        assertEquals(65536, bitmap.granularity());
        assertEquals("file", Await.result(qmp.queryNamedBlockNodes()).stream()
                .filter(n -> "file-scsi0".equals(n.nodeName())).findFirst().orElseThrow().driver());
    }

    @Test
    void fleecingExportAndReleaseWithEventsAndPolls() {
        QmpCommands qmp = connect();
        QmpClient client = qmp.client();
        Await.result(qmp.bitmapAdd("fmt-scsi0", "cbt-inc", 65536, true, false));
        Await.result(qmp.blockdevAddQcow2("fleece1", dir.resolve("fleece1.qcow2").toString(), "fmt-scsi0"));
        Future<QmpEvent> running = client.awaitEvent(e -> e.name().equals("JOB_STATUS_CHANGE")
                && e.data().getString("status").equals("running"), T);
        Await.result(qmp.transaction(
                QmpAction.bitmapAdd("fmt-scsi0", "snap1-inc", 65536, false, true),
                QmpAction.bitmapMerge("fmt-scsi0", "snap1-inc", List.of("cbt-inc")),
                QmpAction.bitmapClear("fmt-scsi0", "cbt-inc"),
                QmpAction.blockdevBackup("fleece1-job", "fmt-scsi0", "fleece1", "cbw1")));
        assertEquals("fleece1-job", Await.result(running).data().getString("id"));
        assertEquals("running", Await.result(qmp.queryJobs()).get(0).status());

        Await.result(qmp.nbdServerStartUnix(dir.resolve("nbd.sock").toString()));
        assertEquals("NBD server already running", Await.failure(
                qmp.nbdServerStartUnix(dir.resolve("nbd2.sock").toString()), QmpException.class).desc());
        Await.result(qmp.blockExportAdd("exp1", "fleece1", "backup1",
                List.of(new BitmapRef("fmt-scsi0", "snap1-inc")), true));
        assertEquals(List.of(new BlockExport("exp1", "nbd", "fleece1", false)), Await.result(qmp.queryBlockExports()));

        Future<QmpEvent> deleted = client.awaitEvent("BLOCK_EXPORT_DELETED", T);
        Await.result(qmp.blockExportDel("exp1", false));
        Await.result(qmp.waitExportGone("exp1", T));
        assertEquals("exp1", Await.result(deleted).data().getString("id"));

        Future<QmpEvent> cancelled = client.awaitEvent("BLOCK_JOB_CANCELLED", T);
        Await.result(qmp.blockJobCancel("fleece1-job"));
        Await.result(qmp.waitJobGone("fleece1-job", T));
        assertEquals("fleece1-job", Await.result(cancelled).data().getString("device"));
        Await.result(qmp.blockdevDel("fleece1"));
        Await.result(qmp.bitmapRemove("fmt-scsi0", "snap1-inc"));
        Await.result(qmp.nbdServerStop());
        assertEquals(List.of(), Await.result(qmp.queryJobs()));
    }

    @Test
    void secondClientOfABusyMonitorTimesOut() {
        QmpClient first = Await.result(QmpClient.connect(vertx, qmpPath));
        Await.failure(QmpClient.connect(vertx, qmpPath, QmpOptions.DEFAULT.withConnectTimeout(Duration.ofMillis(300))),
                QmpTimeoutException.class);
        Await.result(first.close());
        QmpClient second = Await.result(QmpClient.connect(vertx, qmpPath));
        Await.result(second.execute("query-status"));
    }

    @Test
    void quitClosesTheConnectionAndFailsWaits() throws Exception {
        QmpClient qmp = Await.result(QmpClient.connect(vertx, qmpPath));
        Future<QmpEvent> never = qmp.awaitEvent("NEVER", Duration.ofSeconds(30));
        Future<QmpEvent> shutdown = qmp.awaitEvent("SHUTDOWN", T);
        Await.result(qmp.execute("quit"));
        assertEquals("SHUTDOWN", Await.result(shutdown).name());
        String why = Await.failure(never, QmpConnectionException.class).getMessage();
        assertTrue(why.contains("closed by the peer") || why.contains("connection lost"), why);
        assertTrue(qemu.process().waitFor(10, TimeUnit.SECONDS));
        assertFalse(qmp.isOpen());
    }
}
