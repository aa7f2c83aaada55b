package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that cannot be read complete at once with ok=false and a one-line reason. */
class VmReadJobTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static DiskReader reader;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        CertificateAuthority.initDirectory(dir, List.of("extent-reader-svc"));
        reader = new DiskReader(vertx, TlsConfig.fromDirectory(dir, "extent-reader-svc"), EncoderOptions.DEFAULT,
                ReaderOptions.DEFAULT, ReaderMetrics.detached());
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static String error(String level, SinkAddress sink, List<SnapshotDisk> disks) throws Exception {
        ExtentsCompleted c = new VmReadJob(vertx, reader, "j", "lab/1", new ExtentsRequest("cp", level, null, sink, disks),
                2, p -> { }).run().await(10, TimeUnit.SECONDS);
        assertFalse(c.ok());
        assertEquals("cp", c.checkpoint());
        return c.error();
    }

    @Test
    void refusesWhatCannotBeRead() throws Exception {
        SinkAddress sink = new SinkAddress("127.0.0.1", 9, null);
        SnapshotDisk disk = new SnapshotDisk("scsi0", 1, "qcow2", new ExportInfo("/nonexistent.sock", null, 0, "x", null, 0));
        assertEquals("unknown backup level 'weekly'", error("weekly", sink, List.of(disk)));
        assertEquals("no disks to read", error("full", sink, List.of()));
        assertEquals("disk scsi0: no valid sink address null", error("full", null, List.of(disk)));
        String nbd = error("full", sink, List.of(disk));
        assertEquals("disk scsi0: NBD error: ", nbd.substring(0, 23), nbd);
    }
}
