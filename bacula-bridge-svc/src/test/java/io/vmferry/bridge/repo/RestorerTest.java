package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.StreamExtent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores of full, incremental and differential chains, compared with independently computed images. */
class RestorerTest {
    private static final long SIZE = (4L << 20) + 1000;

    @TempDir
    Path tmp;

    @Test
    void everyPointOfAnIncrementalChainRestoresByteForByte() throws Exception {
        ChainFixture fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(1);
        fx.store("p0", "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE), "virtio1", rnd.full(SIZE)));
        String parent = "p0";
        for (int i = 1; i <= 4; i++) {
            fx.store("p" + i, "incremental", parent, SIZE,
                    disks("scsi0", rnd.changes(SIZE, 40), "virtio1", rnd.changes(SIZE, 10)));
            parent = "p" + i;
        }
        for (int i = 0; i <= 4; i++) {
            for (String disk : List.of("scsi0", "virtio1")) {
                Path out = tmp.resolve("p" + i + "-" + disk + ".raw");
                RestoreResult r = new Restorer().restore(fx.repo, "lab/101", disk, "p" + i, out, "raw");
                assertEquals(i + 1, r.chain().size());
                assertEquals(SIZE, Files.size(out));
                assertArrayEquals(fx.expected("p" + i, disk), Files.readAllBytes(out), "p" + i + " " + disk);
            }
        }
    }

    @Test
    void differentialChainsSkipTheIncrementalsBetween() throws Exception {
        ChainFixture fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(2);
        fx.store("f", "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        fx.store("i1", "incremental", "f", SIZE, Map.of("scsi0", rnd.changes(SIZE, 30)));
        fx.store("d2", "differential", "f", SIZE, Map.of("scsi0", rnd.changes(SIZE, 30)));
        fx.store("i3", "incremental", "d2", SIZE, Map.of("scsi0", rnd.changes(SIZE, 30)));
        fx.store("d4", "differential", "f", SIZE, Map.of("scsi0", rnd.changes(SIZE, 30)));
        for (String id : List.of("d2", "i3", "d4")) {
            Path out = tmp.resolve(id + ".raw");
            RestoreResult r = new Restorer().restore(fx.repo, "101", "scsi0", id, out, "raw");
            assertArrayEquals(fx.expected(id, "scsi0"), Files.readAllBytes(out), id);
            assertEquals("f", r.chain().get(r.chain().size() - 1));
        }
        assertEquals(List.of("i3", "d2", "f"), fx.repo.chain("lab/101", "i3").stream().map(Point::id).toList());
    }

    @Test
    void latestAndProgressReachTheVirtualSize() throws Exception {
        ChainFixture fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(3);
        fx.store("a", "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        fx.store("b", "incremental", "a", SIZE, Map.of("scsi0", rnd.changes(SIZE, 20)));
        List<long[]> seen = new ArrayList<>();
        Path out = tmp.resolve("latest.raw");
        RestoreResult r = new Restorer().restore(fx.repo, "lab/101", "scsi0", "latest", out, "raw",
                (done, total) -> seen.add(new long[] {done, total}));
        assertEquals("b", r.pointId());
        assertArrayEquals(fx.expected("b", "scsi0"), Files.readAllBytes(out));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "progress never goes backwards");
        }
        assertArrayEquals(new long[] {SIZE, SIZE}, seen.get(seen.size() - 1));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".part")).toList());
        }
    }

    @Test
    void randomChainsOfEveryShapeMatchTheModel() throws Exception {
        for (int seed = 100; seed < 130; seed++) {
            RandomExtents rnd = new RandomExtents(seed);
            java.util.Random shape = new java.util.Random(seed);
            long size = 1 + shape.nextInt(300_000);
            ChainFixture fx = new ChainFixture(tmp.resolve("repo-" + seed));
            fx.store("p0", "full", null, size, Map.of("scsi0", rnd.full(size)));
            String last = "p0";
            int points = 1 + shape.nextInt(6);
            for (int i = 1; i < points; i++) {
                boolean diff = shape.nextInt(3) == 0;
                fx.store("p" + i, diff ? "differential" : "incremental", diff ? "p0" : last, size,
                        Map.of("scsi0", rnd.changes(size, 1 + shape.nextInt(20))));
                last = "p" + i;
            }
            for (int i = 0; i < points; i++) {
                Path out = tmp.resolve(seed + "-p" + i + ".raw");
                new Restorer().restore(fx.repo, "lab/101", "scsi0", "p" + i, out, "raw");
                assertArrayEquals(fx.expected("p" + i, "scsi0"), Files.readAllBytes(out), "seed " + seed + " p" + i);
            }
        }
    }

    private static Map<String, List<StreamExtent>> disks(String a, List<StreamExtent> ea, String b, List<StreamExtent> eb) {
        Map<String, List<StreamExtent>> m = new LinkedHashMap<>();
        m.put(a, ea);
        m.put(b, eb);
        return m;
    }
}
