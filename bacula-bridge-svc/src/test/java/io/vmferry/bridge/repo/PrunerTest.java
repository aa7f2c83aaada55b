package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bridge.repo.Pruner.Decision;
import io.vmferry.stream.api.StreamExtent;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning keeps what the rules keep plus every base a kept point's restore needs, and removes the rest for good. */
class PrunerTest {
    private static final long SIZE = 1 << 20;
    private static final String F1 = "20261122T050000Z-f001";
    private static final String I1 = "20261122T051000Z-i001";
    private static final String I2 = "20261122T052000Z-i002";
    private static final String F2 = "20261122T053000Z-f002";
    private static final String I3 = "20261122T054000Z-i003";
    private static final String D1 = "20261122T055000Z-d001";

    @TempDir
    Path tmp;
    private ChainFixture fx;

    @BeforeEach
    void chains() throws Exception {
        fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(3);
        fx.store(F1, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        fx.store(I1, "incremental", F1, SIZE, Map.of("scsi0", List.of(data(4096, "a"))));
        fx.store(I2, "incremental", I1, SIZE, Map.of("scsi0", List.of(data(8192, "b"))));
        fx.store(F2, "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        fx.store(I3, "incremental", F2, SIZE, Map.of("scsi0", List.of(data(0, "c"))));
        fx.store(D1, "differential", F2, SIZE, Map.of("scsi0", List.of(data(0, "c"), data(65536, "d"))));
    }

    @Test
    void keptPointsKeepTheirBasesAndEverythingElseGoes() throws Exception {
        Pruner pruner = new Pruner(fx.repo);
        List<Decision> plan = pruner.plan("101", new RetentionPolicy(2, 0, 0, 0, ZoneOffset.UTC));
        assertEquals(List.of(F1, I1, I2, F2, I3, D1), plan.stream().map(Decision::point).toList());
        assertEquals(List.of(false, false, false, true, true, true), plan.stream().map(Decision::keep).toList());
        assertEquals(List.of("base of " + D1, "base of " + I3), plan.get(3).reasons());
        assertEquals(List.of("last 1"), plan.get(5).reasons());
        assertEquals(6, fx.repo.allPoints().size(), "planning changes nothing");

        Pruner.Report report = pruner.prune("101", new RetentionPolicy(2, 0, 0, 0, ZoneOffset.UTC), false);
        assertEquals(plan, report.points());
        assertEquals(3, report.removed());
        assertEquals(plan.subList(0, 3).stream().mapToLong(Decision::bytes).sum(), report.bytesFreed());
        assertEquals(List.of(F2, I3, D1), fx.repo.points("101").stream().map(Point::id).toList());
        for (String gone : List.of(F1, I1, I2)) {
            assertFalse(Files.exists(fx.repo.layout().pointDir(ChainFixture.VM, gone)), gone);
        }
        for (String kept : List.of(I3, D1)) {
            Path out = tmp.resolve(kept + ".raw");
            new Restorer().restore(fx.repo, "101", "scsi0", kept, out, "raw");
            assertArrayEquals(fx.expected(kept, "scsi0"), Files.readAllBytes(out), kept);
        }
        assertTrue(new RepositoryVerifier(fx.repo).verify(fx.repo.allPoints(), (d, t) -> { }).stream()
                .allMatch(RepositoryVerifier.PointCheck::ok));
    }

    @Test
    void anIncrementalKeptAloneKeepsItsWholeChain() throws Exception {
        // keep-last 1 once the second chain is gone: the newest is then I2, whose restore needs I1 and F1
        fx.repo.remove(List.of(fx.repo.point("101", D1), fx.repo.point("101", I3), fx.repo.point("101", F2)));
        List<Decision> plan = new Pruner(fx.repo).plan("101", new RetentionPolicy(1, 0, 0, 0, ZoneOffset.UTC));
        assertEquals(List.of(true, true, true), plan.stream().map(Decision::keep).toList());
        assertEquals(List.of("base of " + I2), plan.get(0).reasons());
        assertEquals(List.of("base of " + I2), plan.get(1).reasons());
    }

    @Test
    void aPruneInterruptedAfterTheIndexWasRewrittenIsFinishedByTheNextOne() throws Exception {
        Path dir = fx.repo.layout().pointDir(ChainFixture.VM, F1);
        Path unmarked = fx.repo.layout().pointDir(ChainFixture.VM, "20261122T040000Z-x001");
        Files.createDirectories(unmarked);
        Files.writeString(unmarked.resolve(RepositoryLayout.POINT_FILE), "{}");
        // as if the process died right after the index rewrite: marked, out of the index, still on disk
        Path copy = tmp.resolve("f1-copy");
        Files.move(dir, copy);
        fx.repo.remove(List.of(fx.repo.point("101", F1)));
        Files.move(copy, dir);
        Files.writeString(dir.resolve(RepositoryLayout.PRUNED_FILE), "");
        assertTrue(Files.exists(dir));

        fx.repo.remove(List.of());
        assertFalse(Files.exists(dir), "the marked leftover is gone");
        assertTrue(Files.exists(unmarked), "a directory without the mark is not pruning's to delete");
    }

    @Test
    void aVerificationFinishingAfterThePruneDoesNotBringThePointBack() throws Exception {
        Point f1 = fx.repo.point("101", F1);
        fx.repo.remove(List.of(f1));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> fx.repo.recordVerification(f1, new Verification(java.time.Instant.now(), true, null)));
        assertFalse(Files.exists(fx.repo.layout().pointDir(ChainFixture.VM, F1)));
    }

    @Test
    void aChainARestoreHoldsIsKeptInUseAndGoesOnceReleased() throws Exception {
        RetentionPolicy keep2 = new RetentionPolicy(2, 0, 0, 0, ZoneOffset.UTC);
        Pruner pruner = new Pruner(fx.repo);
        try (PointHold held = fx.repo.hold(fx.repo.chain("101", I2))) {
            Pruner.Report report = pruner.prune("101", keep2, false);
            assertEquals(0, report.removed());
            assertEquals(0, report.bytesFreed());
            for (Decision d : report.points().subList(0, 3)) {
                assertTrue(d.keep(), d.point());
                assertEquals(List.of(Pruner.IN_USE), d.reasons());
            }
            assertEquals(6, fx.repo.allPoints().size());
        }
        // a restore holds its chain while it runs: a prune from its progress callback finds it in use
        List<Pruner.Report> during = new java.util.ArrayList<>();
        Path out = tmp.resolve("i2.raw");
        new Restorer().restore(fx.repo, "101", "scsi0", I2, out, "raw", (done, total) -> {
            if (during.isEmpty()) {
                try {
                    during.add(pruner.prune("101", keep2, false));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertArrayEquals(fx.expected(I2, "scsi0"), Files.readAllBytes(out));
        assertEquals(0, during.get(0).removed());
        assertEquals(List.of(Pruner.IN_USE), during.get(0).points().get(2).reasons());
        assertEquals(3, pruner.prune("101", keep2, false).removed());
        assertEquals(List.of(F2, I3, D1), fx.repo.points("101").stream().map(Point::id).toList());
    }

    @Test
    void aHoldOnAPointPrunedAfterTheIndexWasReadIsRefused() throws Exception {
        List<Point> chain = fx.repo.chain("101", I1); // read before the prune, as a restore reads it
        fx.repo.remove(List.of(fx.repo.point("101", I2), fx.repo.point("101", I1)));
        RepositoryException e = assertThrows(RepositoryException.class, () -> fx.repo.hold(chain));
        assertEquals("point " + I1 + " of " + ChainFixture.VM + " was pruned just now", e.getMessage());
        assertEquals(List.of(F1), fx.repo.remove(List.of(fx.repo.point("101", F1))).stream().map(Point::id).toList(),
                "the refused hold left nothing held");
    }

    private static StreamExtent data(long offset, String fill) {
        return StreamExtent.data(offset, Buffer.buffer(fill.repeat(4096)));
    }
}
