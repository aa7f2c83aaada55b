package io.vmferry.bridge.bacula.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.Bvfs;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bridge.bacula.RestorePoint;
import io.vmferry.bridge.bacula.RestorePoints;
import io.vmferry.bridge.bacula.RestoreRequest;
import io.vmferry.bridge.bacula.testing.PrivateBacula;
import io.vmferry.bridge.bacula.testing.PrivateBaculaExtension;
import io.vmferry.stream.api.BackupLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bpipe backup through the generator and a shell reader, restored every supported way, sha256-checked. */
@ExtendWith(PrivateBaculaExtension.class)
class BpipeBackupRestoreIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final int VM = 100;
    private static StandInVmferry vmferry;
    private static Bconsole bconsole;
    private static Bvfs bvfs;

    @BeforeAll
    static void setUp(PrivateBacula bacula) throws Exception {
        vmferry = StandInVmferry.install(bacula);
        vmferry.addVm(VM, "ok", 8 << 20);
        bacula.addJob("it-vm100", vmferry.command().toString(), "host=it-host vm=" + VM, true);
        bconsole = bacula.bconsole();
        bvfs = new Bvfs(bconsole);
    }

    @Test
    void fullAndIncrementalRestoreIntoTheWriterAndAsPlainFiles(PrivateBacula bacula) throws Exception {
        JobStatus full = bconsole.await(bconsole.run("it-vm100", "Full"), JOB_TIMEOUT);
        assertTrue(full.succeeded(), full.describe() + " " + bconsole.jobLog(full.jobId()));
        long diskBytes = Files.size(vmferry.fixture(VM, "scsi0"));
        assertEquals(diskBytes + Files.size(vmferry.fixture(VM, "config")), full.bytes());
        assertTrue(String.join("\n", bconsole.jobLog(full.jobId())).contains("2 streams complete"));

        JobStatus incr = bconsole.await(bconsole.run("it-vm100", "Incremental"), JOB_TIMEOUT);
        assertTrue(incr.succeeded(), incr.describe());
        assertEquals('I', incr.level());

        // catalog: one file per disk per job, level and JobId in the name
        bvfs.update();
        List<Long> chain = bvfs.jobIds(incr.jobId());
        assertEquals(List.of(full.jobId(), incr.jobId()), chain);
        String diskDir = "/@vmferry/it-host/" + VM + "/scsi0/";
        List<Bvfs.File> versions = bvfs.lsfiles(chain, diskDir);
        assertEquals(2, versions.size(), versions.toString());
        Bvfs.File incrFile = versions.stream().filter(f -> f.jobId() == incr.jobId()).findFirst().orElseThrow();
        CatalogPath incrPath = CatalogPath.parse(diskDir + incrFile.name());
        assertEquals(BackupLevel.INCREMENTAL, incrPath.level());
        assertEquals(incr.jobId(), incrPath.jobId());
        List<Bvfs.Version> history = bvfs.versions(PrivateBacula.CLIENT, incrFile.pathId(), incrFile.filenameId());
        assertEquals(1, history.size());
        assertFalse(history.get(0).digest().isEmpty());

        // restore points: Full, then the Incremental on top of it
        List<RestorePoint> points = new RestorePoints(bconsole).list(PrivateBacula.CLIENT, "it-host", VM);
        assertEquals(List.of(full.jobId(), incr.jobId()), points.stream().map(RestorePoint::jobId).toList());
        assertEquals(full.jobId(), points.get(1).parent());
        assertEquals(2, points.get(1).streams().size());
        assertEquals(List.of(incrPath), points.get(1).disks());
        assertEquals(List.of(points.get(1), points.get(0)), RestorePoints.chain(points, points.get(1)));

        // the whole Full job into the writer
        Path w = bacula.dir().resolve("restore/whole");
        restore(RestoreRequest.of(new RestoreRequest.WholeJobs(List.of(full.jobId())), PrivateBacula.CLIENT,
                PrivateBacula.RESTORE_JOB).withWhere(w.toString()));
        CatalogPath fullDisk = CatalogPath.parse(diskDir + versions.stream().filter(f -> f.jobId() == full.jobId())
                .findFirst().orElseThrow().name());
        assertSameBytes(vmferry.fixture(VM, "scsi0"), w.resolve(fullDisk.toString().substring(1)));

        // one file as a plain file through the plugin-less client
        Path raw = bacula.dir().resolve("restore/raw");
        restore(RestoreRequest.of(new RestoreRequest.Files(List.of(incr.jobId()), List.of(incrPath.toString())),
                PrivateBacula.CLIENT, PrivateBacula.RESTORE_JOB).withWhere(raw.toString())
                .withRestoreClient(PrivateBacula.RAW_CLIENT));
        assertSameBytes(vmferry.fixture(VM, "scsi0"), raw.resolve(incrPath.toString().substring(1)));

        // the current chain: every stream of Full + Incremental (distinct names per job)
        Path cur = bacula.dir().resolve("restore/current");
        restore(RestoreRequest.of(new RestoreRequest.Current("it-vm100-fs"), PrivateBacula.CLIENT,
                PrivateBacula.RESTORE_JOB).withWhere(cur.toString()));
        try (var files = Files.list(cur.resolve(diskDir.substring(1)))) {
            assertEquals(2, files.count());
        }

        // exactly one version through a bvfs restore table
        Path one = bacula.dir().resolve("restore/bvfs");
        long rid = bvfs.restoreVersions(List.of(incrFile.fileId()), chain, RestoreRequest.of(
                new RestoreRequest.WholeJobs(chain), PrivateBacula.CLIENT, PrivateBacula.RESTORE_JOB)
                .withWhere(one.toString()));
        assertTrue(bconsole.await(rid, JOB_TIMEOUT).succeeded());
        assertSameBytes(vmferry.fixture(VM, "scsi0"), one.resolve(incrPath.toString().substring(1)));
        try (var files = Files.list(one.resolve(diskDir.substring(1)))) {
            assertEquals(1, files.count());
        }
    }

    private static void restore(RestoreRequest request) {
        JobStatus s = bconsole.await(bconsole.restore(request), JOB_TIMEOUT);
        assertTrue(s.succeeded(), s.describe() + " " + bconsole.jobLog(s.jobId()));
    }

    private static void assertSameBytes(Path expected, Path actual) throws Exception {
        assertTrue(Files.isRegularFile(actual), "missing " + actual);
        assertEquals(sha256(expected), sha256(actual), actual.toString());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
