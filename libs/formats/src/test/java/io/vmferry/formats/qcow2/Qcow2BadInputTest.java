package io.vmferry.formats.qcow2;

import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.testing.Corrupt;
import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Damaged qcow2 images fail with a clear {@link io.vmferry.formats.api.FormatException}, fast. */
class Qcow2BadInputTest {
    @TempDir
    static Path dir;
    static Path good;
    static Path compressed;

    @BeforeAll
    static void images() throws IOException {
        Path src = TestImages.patternedRaw(dir.resolve("src.raw"), 4 * TestImages.MIB, 5);
        good = dir.resolve("good.qcow2");
        Qemu.img("convert", "-f", "raw", "-O", "qcow2", src.toString(), good.toString());
        compressed = dir.resolve("compressed.qcow2");
        Qemu.img("convert", "-c", "-f", "raw", "-O", "qcow2", src.toString(), compressed.toString());
    }

    private static long l1Offset(Path p) throws IOException {
        return Corrupt.read(p, Qcow2Header.L1_TABLE_OFFSET_OFFSET, 8, BIG_ENDIAN).getLong();
    }

    @Test
    void truncatedFiles() throws IOException {
        Path p = Corrupt.copy(good, "tiny.qcow2");
        Corrupt.truncate(p, 50);
        Corrupt.assertFails(p, "qcow2", "too small");
        Path q = Corrupt.copy(good, "cut.qcow2");
        Corrupt.truncate(q, l1Offset(good) + 4);
        Corrupt.assertFails(q, "qcow2", "L1 table at offset");
        Path v3 = Corrupt.copy(good, "cutv3.qcow2");
        Corrupt.truncate(v3, 80); // regression: Jazzer crash-8412689e (IndexOutOfBoundsException)
        Corrupt.assertFails(v3, "qcow2", "truncated qcow2 version 3 header");
        Path r = Corrupt.copy(good, "cutdata.qcow2");
        Corrupt.truncate(r, l1Offset(good) + 3 * 65536);
        Corrupt.assertFails(r, "qcow2", "outside the file");
    }

    @Test
    void badMagicIsNotQcow2() throws IOException {
        Path p = Corrupt.copy(good, "magic.qcow2");
        Corrupt.put(p, 0, new byte[] {'Q', 'F', 'I', 0});
        assertEquals("raw", ImageFormats.detect(p));
        Corrupt.assertFails(p, "qcow2", "bad magic");
    }

    @Test
    void l1AndL2EntriesPointingOutsideTheFile() throws IOException {
        Path p = Corrupt.copy(good, "l1out.qcow2");
        Corrupt.putLong(p, l1Offset(p), (1L << 63) | (1L << 40), BIG_ENDIAN);
        Corrupt.assertFails(p, "qcow2", "outside the file");
        Path q = Corrupt.copy(good, "l2out.qcow2");
        long l2 = Corrupt.read(q, l1Offset(q), 8, BIG_ENDIAN).getLong() & Qcow2L2Tables.OFFSET_MASK;
        Corrupt.putLong(q, l2, (1L << 63) | (1L << 44), BIG_ENDIAN);
        Corrupt.assertFails(q, "qcow2", "outside the file");
        Path r = Corrupt.copy(good, "l1unaligned.qcow2");
        Corrupt.putLong(r, l1Offset(r), 0x10200, BIG_ENDIAN);
        Corrupt.assertFails(r, "qcow2", "unaligned L2 table offset");
    }

    @Test
    void absurdHeaderFields() throws IOException {
        expect("size", Qcow2Header.SIZE_OFFSET, Long.MAX_VALUE / 2, 8, "absurd virtual size");
        expect("bigsize", Qcow2Header.SIZE_OFFSET, 1L << 50, 8, "bad l1_size");
        expect("l1size", Qcow2Header.L1_SIZE_OFFSET, 0xffff_ffffL, 4, "bad l1_size");
        expect("cbits", Qcow2Header.CLUSTER_BITS_OFFSET, 40, 4, "bad cluster_bits");
        expect("version", Qcow2Header.VERSION_OFFSET, 4, 4, "unsupported qcow2 version 4");
        expect("crypt", Qcow2Header.CRYPT_METHOD_OFFSET, 1, 4, "encrypted");
        expect("incompat", Qcow2Header.INCOMPATIBLE_FEATURES_OFFSET, 1L << 40, 8, "unknown incompatible features");
        expect("hlen", Qcow2Header.HEADER_LENGTH_OFFSET, 1 << 20, 4, "bad qcow2 header_length");
        expect("l1off", Qcow2Header.L1_TABLE_OFFSET_OFFSET, 1L << 50, 8, "L1 table at offset");
    }

    private static void expect(String name, int at, long value, int width, String reason) throws IOException {
        Path p = Corrupt.copy(good, name + ".qcow2");
        if (width == 8) {
            Corrupt.putLong(p, at, value, BIG_ENDIAN);
        } else {
            Corrupt.putInt(p, at, (int) value, BIG_ENDIAN);
        }
        Corrupt.assertFails(p, "qcow2", reason);
    }

    @Test
    void headerExtensionOverrunningTheCluster() throws IOException {
        Path p = Corrupt.copy(good, "ext.qcow2");
        int hl = Corrupt.read(p, Qcow2Header.HEADER_LENGTH_OFFSET, 4, BIG_ENDIAN).getInt();
        Corrupt.putInt(p, hl, 0x6803f857, BIG_ENDIAN);
        Corrupt.putInt(p, hl + 4, 0x7fff_0000, BIG_ENDIAN);
        Corrupt.assertFails(p, "qcow2", "past the header cluster");
    }

    @Test
    void corruptCompressedCluster() throws IOException {
        Path p = Corrupt.copy(compressed, "badz.qcow2");
        long l2 = Corrupt.read(p, l1Offset(p), 8, BIG_ENDIAN).getLong() & Qcow2L2Tables.OFFSET_MASK;
        long entry = 0;
        for (int i = 0; (entry & Qcow2L2Tables.COMPRESSED) == 0; i++) {
            entry = Corrupt.read(p, l2 + 8L * i, 8, BIG_ENDIAN).getLong();
        }
        long host = entry & ((1L << (62 - 8)) - 1);
        Corrupt.put(p, host, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        Corrupt.assertFails(p, "qcow2", "corrupt compressed cluster");
    }

    @Test
    void externalDataFileIsRefused() throws IOException {
        Path p = dir.resolve("ext-data.qcow2");
        Qemu.img("create", "-f", "qcow2", "-o", "data_file=" + dir.resolve("ext-data.raw"), p.toString(), "1M");
        Corrupt.assertFails(p, "qcow2", "external data file are not supported");
    }

    @Test
    void backingChainLoopsAndMissingBackingFiles() throws IOException {
        Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "-u", "-b", "loop-b.qcow2", "-F", "qcow2", "loop-a.qcow2", "1M");
        Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "-u", "-b", "loop-a.qcow2", "-F", "qcow2", "loop-b.qcow2", "1M");
        Corrupt.assertFails(dir.resolve("loop-a.qcow2"), "qcow2", "backing chain loop: loop-a.qcow2 -> loop-b.qcow2 -> loop-a.qcow2");
        Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "-u", "-b", "xelf.qcow2", "-F", "qcow2", "self.qcow2", "1M");
        long nameAt = Corrupt.read(dir.resolve("self.qcow2"), Qcow2Header.BACKING_FILE_OFFSET_OFFSET, 8, BIG_ENDIAN).getLong();
        Corrupt.put(dir.resolve("self.qcow2"), nameAt, new byte[] {'s'});
        Corrupt.assertFails(dir.resolve("self.qcow2"), "qcow2", "backing chain loop");
        Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "-u", "-b", "nowhere.qcow2", "-F", "qcow2", "orphan.qcow2", "1M");
        Corrupt.assertFails(dir.resolve("orphan.qcow2"), "qcow2", "backing file");
    }

    @Test
    void overDeepChain() throws IOException {
        Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "deep0.qcow2", "1M");
        for (int i = 1; i <= 70; i++) {
            Qemu.ok(dir, "qemu-img", "create", "-f", "qcow2", "-u", "-b", "deep" + (i - 1) + ".qcow2", "-F", "qcow2",
                    "deep" + i + ".qcow2", "1M");
        }
        Corrupt.assertFails(dir.resolve("deep70.qcow2"), "qcow2", "backing chain deeper than 64");
    }
}
