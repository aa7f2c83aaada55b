package io.vmferry.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamCounts;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store without a network: claims, differential parents, names and crash recovery. */
class ReplicaStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path root;

    @Test
    void oneStreamPerDiskAtATime() throws Exception {
        ReplicaStore store = ReplicaStore.open(root, CLOCK);
        ReplicaUpdate first = store.begin(header(BackupLevel.FULL, "p1", null));
        var e = assertThrows(ReplicaException.class, () -> store.begin(header(BackupLevel.FULL, "p2", null)));
        assertEquals("a stream for lab/101 scsi0 is already being applied", e.getMessage());
        store.abort(first);
        store.abort(first);
        assertFalse(Files.exists(first.part));
        store.abort(store.begin(header(BackupLevel.FULL, "p2", null)));
    }

    @Test
    void differentialBuildsOnTheLastFull() throws Exception {
        ReplicaStore store = ReplicaStore.open(root, CLOCK);
        apply(store, header(BackupLevel.FULL, "f1", null), 7);
        apply(store, header(BackupLevel.INCREMENTAL, "i1", "f1"), 8);
        var e = assertThrows(ReplicaException.class, () -> store.begin(header(BackupLevel.DIFFERENTIAL, "d1", "i1")));
        assertEquals("replica of lab/101 scsi0 is at point i1 (last full f1), differential stream builds on i1",
                e.getMessage());
        apply(store, header(BackupLevel.DIFFERENTIAL, "d1", "f1"), 9);
        DiskReplica disk = store.state("lab/101").disk("scsi0");
        assertEquals("d1", disk.current().point());
        assertEquals(CLOCK.instant(), disk.current().appliedAt());
        assertArrayEquals(new byte[] {9}, readFirst(store));
    }

    @Test
    void recoveryFinishesARenameThatHappenedAndDropsOneThatDidNot() throws Exception {
        ReplicaStore store = ReplicaStore.open(root, CLOCK);
        apply(store, header(BackupLevel.FULL, "p1", null), 1);
        ReplicaLayout layout = store.layout();
        AppliedStream next = new AppliedStream("p2", "incremental", "p1", CLOCK.instant(), 4096, SHA, CLOCK.instant());
        ReplicaState state = store.state("lab/101");
        DiskReplica disk = state.disk("scsi0");
        // crashed after the pending entry and the rename: the new replica is in place
        ReplicaStore.write(layout, state.with("scsi0", disk.preparing(next)));
        assertEquals("p2", ReplicaStore.open(root, CLOCK).state("lab/101").disk("scsi0").current().point());
        // crashed before the rename: the working copy is still there and is dropped
        AppliedStream third = new AppliedStream("p3", "incremental", "p2", CLOCK.instant(), 4096, SHA, CLOCK.instant());
        DiskReplica now = ReplicaStore.open(root, CLOCK).state("lab/101").disk("scsi0");
        ReplicaStore.write(layout, state.with("scsi0", now.preparing(third)));
        Files.write(layout.part("lab/101", "scsi0"), new byte[4096]);
        DiskReplica after = ReplicaStore.open(root, CLOCK).state("lab/101").disk("scsi0");
        assertEquals("p2", after.current().point());
        assertNull(after.pending());
        assertEquals(List.of("p1", "p2"), after.history().stream().map(AppliedStream::point).toList());
        assertFalse(Files.exists(layout.part("lab/101", "scsi0")));
    }

    @Test
    void namesFromTheWireCannotLeaveTheRoot() {
        ReplicaLayout layout = new ReplicaLayout(root);
        assertThrows(ReplicaException.class, () -> layout.vmDir("../101"));
        assertThrows(ReplicaException.class, () -> layout.replica("lab/101", ".."));
        assertThrows(ReplicaException.class, () -> layout.replica("lab/101", ".hidden"));
        assertEquals(root.resolve("lab/101/scsi0.raw"), layout.replica("lab/101", "scsi0"));
    }

    private static void apply(ReplicaStore store, StreamHeader h, int firstByte) throws Exception {
        ReplicaUpdate u = store.begin(h);
        u.apply(new DataFrame(1, 0, Buffer.buffer(new byte[] {(byte) firstByte}), false));
        store.commit(u, new StreamTrailer(2, StreamCounts.EMPTY, SHA));
    }

    private static byte[] readFirst(ReplicaStore store) throws Exception {
        byte[] all = Files.readAllBytes(store.layout().replica("lab/101", "scsi0"));
        assertTrue(all.length == 4096);
        return new byte[] {all[0]};
    }

    private static StreamHeader header(BackupLevel level, String point, String parent) {
        return new StreamHeader("job-" + point, "lab/101", "scsi0", 4096, level, parent, 0, CLOCK.instant(),
                "{\"checkpoint\":\"" + point + "\"}");
    }
}
