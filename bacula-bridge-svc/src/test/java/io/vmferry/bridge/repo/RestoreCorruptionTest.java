package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.Json;
import io.vmferry.stream.api.StreamExtent;
import io.vertx.core.buffer.Buffer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every damaged chain fails with one line naming the problem, and leaves no output file. */
class RestoreCorruptionTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path tmp;
    private ChainFixture fx;
    private Path out;

    @BeforeEach
    void chain() throws Exception {
        fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(7);
        fx.store("20261122T050000Z-aa01", "full", null, SIZE, Map.of("scsi0", rnd.full(SIZE)));
        fx.store("20261122T051000Z-bb02", "incremental", "20261122T050000Z-aa01", SIZE,
                Map.of("scsi0", List.of(StreamExtent.data(4096, Buffer.buffer("abc".repeat(1000))),
                        StreamExtent.zero(65536, 8192))));
        fx.store("20261122T052000Z-cc03", "incremental", "20261122T051000Z-bb02", SIZE,
                Map.of("scsi0", List.of(StreamExtent.data(8192, Buffer.buffer("xyz".repeat(900))))));
        out = tmp.resolve("out").resolve("disk.raw");
        Files.createDirectories(out.getParent());
    }

    @Test
    void flippedByteInADataFrameIsACrcMismatch() throws Exception {
        Path full = stream("20261122T050000Z-aa01");
        long[] frame = dataFrame(full, 3);
        flip(full, frame[1]);
        String m = fail("20261122T052000Z-cc03");
        assertTrue(m.startsWith("restore of lab/101 scsi0 at 20261122T052000Z-cc03: stream "
                + "20261122T050000Z-aa01/scsi0.vfs is corrupt: crc32c mismatch in data frame seq=" + frame[0]
                + " at stream byte "), m);
    }

    @Test
    void looseStreamsAreVerifiedInTheRestorePassAndADamagedLinkLeavesNoOutput() throws Exception {
        // a loose full (as a Bacula restore stages it); the repository's incrementals name repository points
        Path full = Files.copy(stream("20261122T050000Z-aa01"), Files.createDirectories(tmp.resolve("loose"))
                .resolve("full.vfs"));
        List<Path> chain = List.of(full);
        Path good = tmp.resolve("out").resolve("good.raw");
        new Restorer().restoreChain(chain, good, "raw");
        new Restorer().restore(fx.repo, "lab/101", "scsi0", "20261122T050000Z-aa01", out, "raw");
        assertEquals(-1L, Files.mismatch(out, good));

        long[] frame = dataFrame(full, 3);
        flip(full, frame[1]);
        Path bad = tmp.resolve("out").resolve("bad.raw");
        RestoreException e = assertThrows(RestoreException.class, () -> new Restorer().restoreChain(chain, bad, "raw"));
        assertTrue(e.getMessage().contains("crc32c mismatch in data frame seq=" + frame[0]), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        try (var files = Files.list(bad.getParent())) {
            assertEquals(List.of("disk.raw", "good.raw"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no output and no partial file");
        }
    }

    @Test
    void truncatedStream() throws Exception {
        Path s = stream("20261122T051000Z-bb02");
        try (RandomAccessFile f = new RandomAccessFile(s.toFile(), "rw")) {
            f.setLength(f.length() - 50);
        }
        assertTrue(fail("latest").endsWith("stream 20261122T051000Z-bb02/scsi0.vfs is corrupt: it has "
                + Files.size(s) + " bytes, point.json says " + (Files.size(s) + 50)), fail("latest"));
    }

    @Test
    void truncatedStreamWithMatchingPointJsonIsStillCaught() throws Exception {
        Path s = stream("20261122T051000Z-bb02");
        try (RandomAccessFile f = new RandomAccessFile(s.toFile(), "rw")) {
            f.setLength(f.length() - 50);
        }
        rewritePointJson("20261122T051000Z-bb02", Files.size(s), null);
        String m = fail("latest");
        assertTrue(m.contains("stream 20261122T051000Z-bb02/scsi0.vfs is corrupt: ") && m.contains("trailer missing"), m);
    }

    @Test
    void missingChainLink() throws Exception {
        AtomicFiles.deleteTree(fx.repo.layout().pointDir("lab/101", "20261122T051000Z-bb02"));
        assertEquals("restore of lab/101 scsi0 at 20261122T052000Z-cc03: point 20261122T051000Z-bb02 of lab/101 "
                + "is missing its point.json", fail("20261122T052000Z-cc03"));
    }

    @Test
    void missingStreamFile() throws Exception {
        Files.delete(stream("20261122T050000Z-aa01"));
        assertEquals("restore of lab/101 scsi0 at 20261122T051000Z-bb02: stream 20261122T050000Z-aa01/scsi0.vfs "
                + "is missing", fail("20261122T051000Z-bb02"));
    }

    @Test
    void pointMissingFromTheIndex() throws Exception {
        Path index = fx.repo.layout().index();
        String text = Files.readString(index);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(text);
        var points = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("points");
        points.remove(1);
        Files.writeString(index, tree.toString());
        assertEquals("restore of lab/101 scsi0 at 20261122T052000Z-cc03: chain of lab/101 point 20261122T052000Z-cc03 "
                + "is broken: parent 20261122T051000Z-bb02 of point 20261122T052000Z-cc03 is not in the repository",
                fail("20261122T052000Z-cc03"));
    }

    @Test
    void swappedStreamsHaveTheWrongParent() throws Exception {
        Path b = stream("20261122T051000Z-bb02");
        Path c = stream("20261122T052000Z-cc03");
        Path t = b.resolveSibling("swap");
        Files.move(b, t);
        Files.move(c, b);
        Files.move(t, c, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("restore of lab/101 scsi0 at 20261122T052000Z-cc03: stream 20261122T052000Z-cc03/scsi0.vfs does "
                + "not belong to point 20261122T052000Z-cc03: its parent is 20261122T050000Z-aa01, point "
                + "20261122T052000Z-cc03's parent is 20261122T051000Z-bb02", fail("20261122T052000Z-cc03"));
    }

    @Test
    void streamNotMatchingPointJson() throws Exception {
        rewritePointJson("20261122T052000Z-cc03", -1, "ab".repeat(32));
        String m = fail("20261122T052000Z-cc03");
        assertTrue(m.startsWith("restore of lab/101 scsi0 at 20261122T052000Z-cc03: stream 20261122T052000Z-cc03/"
                + "scsi0.vfs does not match point.json: sha256 "), m);
        assertTrue(m.endsWith(", point.json says " + "ab".repeat(32)), m);
    }

    @Test
    void unknownPointDiskAndExistingTarget() throws Exception {
        assertEquals("restore of lab/101 scsi0 at nope: point nope of VM lab/101 is not in " + fx.repo.root(), fail("nope"));
        RestoreException e = assertThrows(RestoreException.class, () -> new Restorer().restore(fx.repo, "lab/101",
                "virtio9", "latest", out, "raw"));
        assertEquals("restore of lab/101 virtio9 at 20261122T052000Z-cc03: point 20261122T052000Z-cc03 of lab/101 has "
                + "no disk virtio9 (disks: scsi0)", e.getMessage());
        Files.writeString(out, "keep me");
        assertTrue(fail("latest").endsWith("target " + out + " already exists"));
        assertEquals("keep me", Files.readString(out));
        Files.delete(out);
    }

    private String fail(String point) throws Exception {
        RestoreException e = assertThrows(RestoreException.class,
                () -> new Restorer().restore(fx.repo, "lab/101", "scsi0", point, out, "raw"));
        assertFalse(e.getMessage().contains("\n"), "one line");
        try (var files = Files.list(out.getParent())) {
            List<Path> left = files.filter(f -> !f.equals(out)).toList();
            assertEquals(List.of(), left, "no partial output");
        }
        if (!Files.exists(out) || !Files.readString(out).equals("keep me")) {
            assertFalse(Files.exists(out), "no output");
        }
        return e.getMessage();
    }

    /** Flips one bit of the byte at {@code pos}. */
    private static void flip(Path file, long pos) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
    }

    /** Sequence number and a payload byte position of the {@code n}-th data frame of a stream file. */
    private static long[] dataFrame(Path file, int n) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 12;
            for (int seen = 0; ; ) {
                f.seek(pos);
                int type = f.read();
                f.seek(pos + 4);
                long seq = f.readLong();
                f.seek(pos + 28);
                long payload = f.readInt() & 0xffffffffL;
                if (type == 2 && ++seen == n) {
                    return new long[] {seq, pos + 36 + payload / 2};
                }
                pos += 36 + payload;
            }
        }
    }

    private Path stream(String id) {
        return fx.repo.layout().streamFile("lab/101", id, "scsi0");
    }

    private void rewritePointJson(String id, long bytes, String sha) throws Exception {
        Point p = fx.repo.pointFile("lab/101", id);
        PointDisk d = p.disks().get(0);
        PointDisk changed = new PointDisk(d.name(), d.virtualSize(), bytes < 0 ? d.bytes() : bytes, d.dataBytes(),
                sha == null ? d.sha256() : sha, d.format());
        Point q = new Point(p.id(), p.vm(), p.vmName(), p.time(), p.level(), p.levelReason(), p.parent(),
                p.consistency(), p.jobId(), p.warnings(), List.of(changed));
        AtomicFiles.write(fx.repo.layout().pointDir("lab/101", id).resolve("point.json"), Json.MAPPER.writeValueAsBytes(q));
    }
}
