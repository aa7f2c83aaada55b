package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.repo.RepositoryVerifier.PointCheck;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vertx.core.buffer.Buffer;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmferry verify}'s check: every stream read back, damage reported per point, chains followed. */
class RepositoryVerifierTest {
    private static final long SIZE = 1 << 20;
    private static final String FULL = "20261122T050000Z-aa01";
    private static final String INC1 = "20261122T051000Z-bb02";
    private static final String INC2 = "20261122T052000Z-cc03";

    @TempDir
    Path tmp;
    private ChainFixture fx;

    @BeforeEach
    void chain() throws Exception {
        fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(11);
        fx.store(FULL, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE), "scsi1", rnd.full(SIZE)));
        fx.store(INC1, "incremental", FULL, SIZE, Map.of(
                "scsi0", List.of(StreamExtent.data(4096, Buffer.buffer("abc".repeat(1000)))),
                "scsi1", List.of(StreamExtent.zero(65536, 8192))));
        fx.store(INC2, "incremental", INC1, SIZE, Map.of(
                "scsi0", List.of(StreamExtent.data(8192, Buffer.buffer("xyz".repeat(900)))),
                "scsi1", List.of()));
    }

    @Test
    void anIntactRepositoryVerifiesEveryStreamOnceWithProgressToTheEnd() {
        long[] last = {-1, -1};
        List<PointCheck> checks = new RepositoryVerifier(fx.repo).verify(fx.repo.allPoints(), (done, total) -> {
            assertTrue(done >= last[0], "progress never goes back");
            last[0] = done;
            last[1] = total;
        });
        assertEquals(List.of(FULL, INC1, INC2), checks.stream().map(PointCheck::point).toList());
        checks.forEach(c -> assertNull(c.error(), c.toString()));
        long stored = fx.repo.allPoints().stream().mapToLong(Point::bytes).sum();
        assertEquals(stored, last[1]);
        assertEquals(stored, last[0]);
        assertEquals(fx.repo.point(ChainFixture.VM, INC1).disks().get(0).sha256(),
                checks.get(1).disks().get(0).sha256());
    }

    @Test
    void pointsAreReadSideBySide() {
        PointLocks locks = PointLocks.of(fx.repo.layout());
        int[] mostHeld = {0};
        boolean[] waited = {false};
        List<PointCheck> checks = new RepositoryVerifier(fx.repo, 2).verify(fx.repo.allPoints(), (done, total) -> {
            long deadline = System.nanoTime() + 5_000_000_000L; // the first report waits for a second reader
            while (!waited[0] && mostHeld[0] < 2 && System.nanoTime() < deadline) {
                int held = 0;
                for (Point p : fx.repo.allPoints()) {
                    try {
                        if (locks.tryRemove(p)) {
                            locks.endRemove(p);
                        } else {
                            held++;
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                mostHeld[0] = Math.max(mostHeld[0], held);
            }
            waited[0] = true;
        });
        assertEquals(2, mostHeld[0], "two points held for reading at once");
        checks.forEach(c -> assertNull(c.error(), c.toString()));
    }

    @Test
    void aPruneDuringTheVerifyLeavesThePointBeingReadAndDropsThePrunedOnesFromTheResult() {
        List<List<String>> removed = new java.util.ArrayList<>();
        List<PointCheck> checks = new RepositoryVerifier(fx.repo, 1).verify(fx.repo.allPoints(), (done, total) -> {
            if (removed.isEmpty()) { // one point at a time: the first report comes from reading the full
                try {
                    removed.add(fx.repo.remove(List.of(fx.repo.point("101", FULL), fx.repo.point("101", INC2)))
                            .stream().map(Point::id).toList());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertEquals(List.of(List.of(INC2)), removed, "the full was being read");
        assertEquals(List.of(FULL, INC1), checks.stream().map(PointCheck::point).toList());
        checks.forEach(c -> assertNull(c.error(), c.toString()));
    }

    @Test
    void onePointAskedForIsCheckedWithItsWholeChain() {
        List<PointCheck> checks = new RepositoryVerifier(fx.repo).verify(
                List.of(fx.repo.point(ChainFixture.VM, INC1)), (done, total) -> { });
        assertEquals(List.of(FULL, INC1), checks.stream().map(PointCheck::point).toList());
    }

    @Test
    void aFlippedByteDamagesItsPointAndEveryPointWhoseRestoreNeedsIt() throws Exception {
        Path file = fx.repo.streamFile(fx.repo.point(ChainFixture.VM, INC1), "scsi1");
        flipLastPayloadByteBeforeTheTrailer(file);
        List<PointCheck> checks = new RepositoryVerifier(fx.repo).verify(fx.repo.allPoints(), (done, total) -> { });
        assertNull(checks.get(0).error());
        assertTrue(checks.get(1).error().startsWith("stream " + INC1 + "/scsi1.vfs is corrupt: crc32c mismatch"),
                checks.get(1).error());
        assertNull(disk(checks.get(1), "scsi0").error(), "scsi0 of the same point is intact");
        assertEquals("a restore of it needs point " + INC1 + ", which is damaged", checks.get(2).error());
        assertNull(disk(checks.get(2), "scsi0").error(), "its own streams are intact");
        assertNull(disk(checks.get(2), "scsi1").error(), "its own streams are intact");
    }

    /** Each point read is recorded; one found intact recently is not read again, one found damaged always is. */
    @Test
    void recentlyVerifiedPointsAreNotReadAgainUntilTheirCheckIsOutdated() throws Exception {
        RepositoryVerifier verifier = new RepositoryVerifier(fx.repo);
        verifier.verify(fx.repo.allPoints(), java.time.Duration.ofDays(7), (done, total) -> { });
        Point full = fx.repo.point(ChainFixture.VM, FULL);
        Verification first = fx.repo.verification(full).orElseThrow();
        assertTrue(first.ok());
        assertNull(first.error());

        flipLastPayloadByteBeforeTheTrailer(fx.repo.streamFile(full, "scsi0"));
        List<PointCheck> recent = verifier.verify(fx.repo.allPoints(), java.time.Duration.ofDays(7), (d, t) -> { });
        assertEquals(List.of(true, true, true), recent.stream().map(PointCheck::recent).toList());
        assertEquals(first, fx.repo.verification(full).orElseThrow(), "not read, not rewritten");

        List<PointCheck> outdated = verifier.verify(fx.repo.allPoints(), java.time.Duration.ZERO, (d, t) -> { });
        assertEquals(List.of(false, false, false), outdated.stream().map(PointCheck::ok).toList());
        Verification damaged = fx.repo.verification(full).orElseThrow();
        assertEquals(false, damaged.ok());
        assertTrue(damaged.error().contains("crc32c mismatch"), damaged.error());

        List<PointCheck> again = verifier.verify(fx.repo.allPoints(), java.time.Duration.ofDays(7), (d, t) -> { });
        assertEquals(false, again.get(0).recent(), "a damaged point is read again");
        assertEquals(List.of(false, true, true), again.stream().map(PointCheck::recent).toList());
        assertEquals(List.of(false, false, false), again.stream().map(PointCheck::ok).toList(), "chains need it");
    }

    /**
     * What a storing sink carries without hashing (DigestCheck.CARRY): a stream whose frames are intact but whose
     * trailer's SHA-256 is not the content's (a sender's fault) is stored and recorded as it came; the read-back
     * check and a restore both refuse it.
     */
    @Test
    void aCarriedDigestThatIsNotTheContentsIsFoundByTheReadBack() throws Exception {
        String id = "20261122T053000Z-dd04";
        String wrong = "ab".repeat(32);
        StreamHeader h = new StreamHeader("job-" + id, ChainFixture.VM, "scsi0", SIZE,
                ChainFixture.level("incremental"), INC2, 0, ChainFixture.T0.plusSeconds(1800), null);
        List<StreamFrame> frames = ChainFixture.frames(h,
                List.of(StreamExtent.data(0, Buffer.buffer("lie".repeat(99)))), EncoderOptions.DEFAULT);
        StoredStream s = ChainFixture.storeFrames(fx.repo.layout().streamFile(ChainFixture.VM, id, "scsi0"), h,
                frames, true, t -> new StreamTrailer(t.sequence(), t.counts(), wrong));
        assertEquals(wrong, s.sha256(), "carried as it came");
        fx.repo.commit(new Point(id, ChainFixture.VM, "web1", h.createdAt(), "incremental", null, INC2, "crash",
                "job-" + id, List.of(), List.of(new PointDisk("scsi0", SIZE, s.bytes(), s.dataBytes(), s.sha256(),
                        "qcow2"))), "name: web1\n");

        List<PointCheck> checks = new RepositoryVerifier(fx.repo).verify(
                List.of(fx.repo.point(ChainFixture.VM, id)), (done, total) -> { });
        assertEquals(4, checks.size());
        assertEquals(List.of(true, true, true, false), checks.stream().map(PointCheck::ok).toList());
        String error = checks.get(3).error();
        assertTrue(error.startsWith("stream " + id + "/scsi0.vfs is corrupt: content sha256 mismatch: trailer "
                + wrong + ", computed "), error);
        RestoreException e = assertThrows(RestoreException.class, () -> new Restorer().restore(fx.repo,
                ChainFixture.VM, "scsi0", id, tmp.resolve("out.raw"), "raw"));
        assertTrue(e.getMessage().contains("content sha256 mismatch"), e.getMessage());
    }

    private static RepositoryVerifier.DiskCheck disk(PointCheck check, String name) {
        return check.disks().stream().filter(d -> d.disk().equals(name)).findFirst().orElseThrow();
    }

    /** Flips a byte of the last data payload: the trailer (88 bytes + 36 header) and stop marker (8) follow it. */
    private static void flipLastPayloadByteBeforeTheTrailer(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long pos = f.length() - 8 - 36 - 88 - 1;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x01);
        }
    }
}
