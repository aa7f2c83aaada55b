package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamExtent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restored images checked with qemu-img: qcow2 output, and a sparse disk larger than 4 GiB. */
class RestoreImageIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    @Test
    void qcow2AndRawRestoresOfEveryPointMatchTheExpectedImage() throws Exception {
        long size = 4L << 20;
        ChainFixture fx = new ChainFixture(tmp.resolve("repo"));
        RandomExtents rnd = new RandomExtents(21);
        fx.store("f", "full", null, size, Map.of("scsi0", rnd.full(size)));
        fx.store("i1", "incremental", "f", size, Map.of("scsi0", rnd.changes(size, 30)));
        fx.store("d2", "differential", "f", size, Map.of("scsi0", rnd.changes(size, 30)));
        fx.store("i3", "incremental", "d2", size, Map.of("scsi0", rnd.changes(size, 30)));
        for (String id : List.of("f", "i1", "d2", "i3")) {
            Path expected = tmp.resolve(id + "-expected.raw");
            Files.write(expected, fx.expected(id, "scsi0"));
            Path qcow2 = tmp.resolve(id + ".qcow2");
            new Restorer().restore(fx.repo, "lab/101", "scsi0", id, qcow2, "qcow2");
            QemuImg.check(qcow2);
            assertTrue(QemuImg.identical(qcow2, "qcow2", expected, "raw"), id);
            Path raw = tmp.resolve(id + ".raw");
            new Restorer().restore(fx.repo, "lab/101", "scsi0", id, raw, "raw");
            assertArrayEquals(fx.expected(id, "scsi0"), Files.readAllBytes(raw), id);
        }
    }

    @Test
    void sparseDiskOverFourGibRestoresWithLittleAllocatedSpace() throws Exception {
        long size = 6 * GIB;
        RandomExtents rnd = new RandomExtents(22);
        List<StreamExtent> full = List.of(StreamExtent.data(0, rnd.data(1 << 20)),
                StreamExtent.hole(1 << 20, 4 * GIB - (32 << 10) - (1 << 20)),
                StreamExtent.data(4 * GIB - (32 << 10), rnd.data(64 << 10)),
                StreamExtent.hole(4 * GIB + (32 << 10), size - 4096 - 4 * GIB - (32 << 10)),
                StreamExtent.data(size - 4096, rnd.data(4096)));
        List<StreamExtent> inc1 = List.of(StreamExtent.zero(4096, 8192),
                StreamExtent.data(4 * GIB - 4096, rnd.data(8192)), StreamExtent.data(5 * GIB, rnd.data(1 << 20)));
        List<StreamExtent> inc2 = List.of(StreamExtent.hole(0, 4 * GIB),
                StreamExtent.data(5 * GIB + (512 << 10), rnd.data(1 << 20)), StreamExtent.zero(size - 2048, 1024));
        ChainFixture fx = new ChainFixture(tmp.resolve("repo"));
        fx.store("f", "full", null, size, Map.of("scsi0", full));
        fx.store("i1", "incremental", "f", size, Map.of("scsi0", inc1));
        fx.store("i2", "incremental", "i1", size, Map.of("scsi0", inc2));
        Path expected = tmp.resolve("expected.raw");
        try (RandomAccessFile f = new RandomAccessFile(expected.toFile(), "rw")) {
            f.setLength(size);
            for (List<StreamExtent> point : List.of(full, inc1, inc2)) {
                for (StreamExtent e : point) {
                    f.seek(e.offset());
                    if (e.type() == FrameType.DATA) {
                        f.write(e.data().getBytes());
                    } else if (e.type() == FrameType.ZERO) {
                        f.write(new byte[(int) e.length()]);
                    }
                }
            }
        }
        Path raw = tmp.resolve("big.raw");
        RestoreResult r = new Restorer().restore(fx.repo, "lab/101", "scsi0", "latest", raw, "raw");
        assertEquals(List.of("i2", "i1", "f"), r.chain());
        assertEquals(size, Files.size(raw));
        assertTrue(QemuImg.allocated(raw) < 16 << 20, "allocated " + QemuImg.allocated(raw));
        assertTrue(QemuImg.identical(raw, "raw", expected, "raw"));
        byte[] crossing = new byte[8192];
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "r")) {
            f.seek(4 * GIB - 4096);
            f.readFully(crossing);
        }
        assertArrayEquals(inc1.get(1).data().getBytes(), crossing, "data across the 4 GiB boundary");
        Path qcow2 = tmp.resolve("big.qcow2");
        new Restorer().restore(fx.repo, "lab/101", "scsi0", "latest", qcow2, "qcow2");
        assertTrue(Files.size(qcow2) < 16 << 20, "qcow2 of " + Files.size(qcow2) + " bytes");
        QemuImg.check(qcow2);
        assertTrue(QemuImg.identical(qcow2, "qcow2", expected, "raw"));
        assertEquals(Buffer.buffer(new byte[1024]), Buffer.buffer(read(raw, size - 2048, 1024)));
    }

    private static byte[] read(Path file, long at, int n) throws Exception {
        byte[] b = new byte[n];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(at);
            f.readFully(b);
        }
        return b;
    }
}
