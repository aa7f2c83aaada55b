package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.StreamExtent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point locks between processes: a reader in another JVM keeps a prune off its point, a remover holds readers. */
class PointLocksTest {
    private static final String F1 = "20261122T050000Z-f001";
    private static final String I1 = "20261122T051000Z-i001";

    @TempDir
    Path tmp;
    private ChainFixture fx;

    @BeforeEach
    void chain() throws Exception {
        fx = new ChainFixture(tmp.resolve("repo"));
        fx.store(F1, "full", null, 1 << 20, Map.of("scsi0", new RandomExtents(5).full(1 << 20)));
        fx.store(I1, "incremental", F1, 1 << 20,
                Map.of("scsi0", List.of(StreamExtent.data(0, Buffer.buffer("x".repeat(4096))))));
    }

    @Test
    void aPointReadByAnotherProcessIsNotRemovedUntilItLetsGo() throws Exception {
        Point i1 = fx.repo.point("101", I1);
        Process reader = hold("read", I1);
        try {
            assertEquals(List.of(), fx.repo.remove(List.of(i1)), "held by the other process");
            assertTrue(fx.repo.contains(ChainFixture.VM, I1));
        } finally {
            letGo(reader);
        }
        assertEquals(List.of(i1), fx.repo.remove(List.of(i1)));
        assertFalse(fx.repo.contains(ChainFixture.VM, I1));
    }

    @Test
    void aReaderWaitsWhileAnotherProcessRemovesThePoint() throws Exception {
        Point f1 = fx.repo.point("101", F1);
        Process remover = hold("remove", F1);
        CompletableFuture<PointHold> hold = holdAsync(f1);
        try {
            Thread.sleep(300);
            assertFalse(hold.isDone(), "the reader waits for the removal to end");
        } finally {
            letGo(remover);
        }
        hold.get(10, TimeUnit.SECONDS).close(); // the other process removed nothing: the point is still there
    }

    @Test
    void aReaderWaitingForAnotherProcessHoldsUpNoOtherPoint() throws Exception {
        Point f1 = fx.repo.point("101", F1);
        Point i1 = fx.repo.point("101", I1);
        Process remover = hold("remove", F1);
        CompletableFuture<PointHold> waiting = holdAsync(f1);
        CompletableFuture<PointHold> alsoWaiting = holdAsync(f1);
        try {
            Thread.sleep(300);
            assertFalse(waiting.isDone(), "the readers of the point being removed wait");
            assertFalse(alsoWaiting.isDone());
            // another point of the same repository, in the same JVM, meanwhile
            holdAsync(i1).get(5, TimeUnit.SECONDS).close();
            assertFalse(waiting.isDone());
        } finally {
            letGo(remover);
        }
        waiting.get(10, TimeUnit.SECONDS).close();
        PointHold second = alsoWaiting.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), fx.repo.remove(List.of(f1)), "still read by the second reader");
        second.close();
        assertEquals(List.of(f1), fx.repo.remove(List.of(f1)));
    }

    /** Holds {@code point} on a thread of its own (the common pool may have a single thread). */
    private CompletableFuture<PointHold> holdAsync(Point point) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fx.repo.hold(List.of(point));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }

    private Process hold(String mode, String point) throws Exception {
        return HoldPointMain.start(fx.repo.root(), mode, "101", point);
    }

    private static void letGo(Process p) throws Exception {
        HoldPointMain.letGo(p);
    }
}
