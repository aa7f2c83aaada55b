package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.Json;
import io.vmferry.bus.service.MarkFiles;
import io.vmferry.bus.service.OwnerMark;
import io.vmferry.stream.api.StreamExtent;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, chains and atomic, serialised commits of the local repository. */
class LocalRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void emptyOrMissingRepositoryHasNoPoints() {
        LocalRepository repo = LocalRepository.open(tmp.resolve("none"));
        assertEquals(List.of(), repo.points("lab/101"));
        assertTrue(repo.latest("101").isEmpty());
        assertEquals("VM lab/101 has no restore points in " + repo.root(),
                assertThrows(RepositoryException.class, () -> repo.point("lab/101", "latest")).getMessage());
    }

    @Test
    void pointsListsByTimeWithLatestAndLatestFull() throws Exception {
        ChainFixture fx = chain();
        List<Point> points = fx.repo.points("lab/101");
        assertEquals(List.of("f", "i1", "d2", "i3"), points.stream().map(Point::id).toList());
        assertEquals(points, fx.repo.points("101"));
        assertEquals("i3", fx.repo.latest("101").orElseThrow().id());
        assertEquals("f", fx.repo.latestFull("lab/101").orElseThrow().id());
        Point i3 = points.get(3);
        assertEquals("d2", i3.parent());
        assertEquals(List.of("scsi0"), i3.diskNames());
        assertEquals(Files.size(fx.repo.streamFile(i3, "scsi0")), i3.bytes());
        assertEquals(i3, fx.repo.pointFile("lab/101", "i3"), "index entry equals point.json");
        assertTrue(fx.repo.vmConfig(i3).startsWith("name: web1"));
        assertEquals(List.of("i3", "d2", "f"), fx.repo.chain("101", "latest").stream().map(Point::id).toList());
        String json = Files.readString(fx.repo.layout().pointDir("lab/101", "i3").resolve("point.json"));
        assertTrue(json.contains("\"bytes\" : " + i3.bytes()), json);
        try (var files = Files.list(fx.repo.root())) {
            assertEquals(List.of(".lock", "index.json", "lab"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary files left");
        }
    }

    @Test
    void vmidOnSeveralHostsMustBeQualified() throws Exception {
        ChainFixture fx = chain();
        Point other = new Point("x", "pve2/101", null, ChainFixture.T0, "full", null, null, null, "j",
                List.of(), fx.repo.point("lab/101", "f").disks());
        Path dir = fx.repo.layout().pointDir("pve2/101", "x");
        Files.createDirectories(dir);
        Files.copy(fx.repo.layout().streamFile("lab/101", "f", "scsi0"), dir.resolve("scsi0.vfs"));
        fx.repo.commit(other, null);
        assertEquals("VM 101 is on several hosts in " + fx.repo.root() + " (lab/101, pve2/101): name it as host/vmid",
                assertThrows(RepositoryException.class, () -> fx.repo.points("101")).getMessage());
        assertEquals(1, fx.repo.points("pve2/101").size());
    }

    @Test
    void pointsAbandonedByADeadReceiverAreRemovedOthersKept() throws Exception {
        ChainFixture fx = chain();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        OwnerMark me = OwnerMark.thisProcess();
        Path dead = partial(fx, "lab/101", "p-dead", new OwnerMark(ended.pid(), me.started()));
        Path live = partial(fx, "lab/101", "p-live", me);
        Path unmarked = partial(fx, "lab/102", "p-unmarked", null);
        Path complete = partial(fx, "lab/101", "p-complete", new OwnerMark(ended.pid(), me.started()));
        Files.writeString(complete.resolve(RepositoryLayout.POINT_FILE), "{}"); // died between point.json and index
        Path committed = fx.repo.layout().pointDir("lab/101", "f");
        MarkFiles.write(committed.resolve(RepositoryLayout.RECEIVER_FILE), new OwnerMark(ended.pid(), me.started()));

        assertEquals(List.of(new LocalRepository.Abandoned("lab/101", "p-dead", 4096 + Files.size(
                        dead.resolve(RepositoryLayout.RECEIVER_FILE)), ended.pid())), fx.repo.removeAbandoned());

        assertTrue(Files.notExists(dead));
        assertTrue(Files.exists(live.resolve("scsi0.vfs.part")), "a live receiver's point is kept");
        assertTrue(Files.exists(unmarked.resolve("scsi0.vfs.part")), "a directory without a mark is not ours to judge");
        assertTrue(Files.exists(complete.resolve(RepositoryLayout.POINT_FILE)), "a complete point is never deleted");
        assertTrue(Files.exists(committed.resolve("scsi0.vfs")), "a committed point is kept whatever its mark says");
        assertEquals(List.of(), fx.repo.removeAbandoned());
    }

    @Test
    void commitRemovesTheReceiverMark() throws Exception {
        ChainFixture fx = chain();
        Point f = fx.repo.point("lab/101", "f");
        Path dir = fx.repo.layout().pointDir("lab/101", "f2");
        Files.createDirectories(dir);
        Files.copy(fx.repo.layout().streamFile("lab/101", "f", "scsi0"), dir.resolve("scsi0.vfs"));
        MarkFiles.write(dir.resolve(RepositoryLayout.RECEIVER_FILE), OwnerMark.thisProcess());
        fx.repo.commit(new Point("f2", "lab/101", null, ChainFixture.T0.plusSeconds(99999), "full", null, null, null,
                "j", List.of(), f.disks()), null);
        assertTrue(Files.notExists(dir.resolve(RepositoryLayout.RECEIVER_FILE)));
    }

    /** A point directory with a 4 KiB partial stream and, unless null, a receiver mark. */
    private static Path partial(ChainFixture fx, String vm, String id, OwnerMark receiver) throws Exception {
        Path dir = fx.repo.layout().pointDir(vm, id);
        Files.createDirectories(dir);
        Files.write(dir.resolve("scsi0.vfs.part"), new byte[4096]);
        if (receiver != null) {
            MarkFiles.write(dir.resolve(RepositoryLayout.RECEIVER_FILE), receiver);
        }
        return dir;
    }

    @Test
    void commitRefusesDuplicatesAndMissingStreams() throws Exception {
        ChainFixture fx = chain();
        Point f = fx.repo.point("lab/101", "f");
        assertEquals("point f of lab/101 is already in the index",
                assertThrows(RepositoryException.class, () -> fx.repo.commit(f, null)).getMessage());
        Point ghost = new Point("ghost", "lab/101", null, ChainFixture.T0.plusSeconds(99999), "full", null, null, null,
                "j", List.of(), f.disks());
        assertEquals("cannot commit point ghost of lab/101: stream ghost/scsi0.vfs is missing",
                assertThrows(RepositoryException.class, () -> fx.repo.commit(ghost, null)).getMessage());
    }

    @Test
    void concurrentCommitsAllLandInTheIndex() throws Exception {
        ChainFixture fx = chain();
        Point f = fx.repo.point("lab/101", "f");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String vm = "lab/" + (200 + i);
                all.add(pool.submit(() -> {
                    Path dir = fx.repo.layout().pointDir(vm, "p");
                    Files.createDirectories(dir);
                    Files.copy(fx.repo.streamFile(f, "scsi0"), dir.resolve("scsi0.vfs"));
                    fx.repo.commit(new Point("p", vm, null, f.time(), "full", null, null, null, "j", List.of(),
                            f.disks()), "conf\n");
                    return null;
                }));
            }
            for (Future<?> x : all) {
                x.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(4 + 24, fx.repo.allPoints().size());
        assertEquals(1, Json.MAPPER.readTree(fx.repo.layout().index().toFile()).get("version").asInt());
    }

    @Test
    void chainErrorsNameTheBrokenLink() throws Exception {
        ChainFixture fx = chain();
        fx.store("d9", "differential", "i1", 1 << 16, Map.of("scsi0", List.of()));
        assertEquals("chain of lab/101 point d9 is broken: differential point d9 has the incremental point i1 as parent",
                assertThrows(RepositoryException.class, () -> fx.repo.chain("lab/101", "d9")).getMessage());
    }

    static ChainFixture chain(Path root) throws Exception {
        ChainFixture fx = new ChainFixture(root);
        long size = 1 << 16;
        fx.store("f", "full", null, size, Map.of("scsi0", List.of(StreamExtent.data(0, Buffer.buffer("boot")),
                StreamExtent.hole(4, size - 4))));
        fx.store("i1", "incremental", "f", size, Map.of("scsi0", List.of(StreamExtent.data(512, Buffer.buffer("a")))));
        fx.store("d2", "differential", "f", size, Map.of("scsi0", List.of(StreamExtent.zero(0, 512))));
        fx.store("i3", "incremental", "d2", size, Map.of("scsi0", List.of(StreamExtent.data(9, Buffer.buffer("b")))));
        return fx;
    }

    private ChainFixture chain() throws Exception {
        return chain(tmp.resolve("repo"));
    }
}
