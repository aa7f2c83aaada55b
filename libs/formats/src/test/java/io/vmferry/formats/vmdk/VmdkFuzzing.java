package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.FormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Shared by the Jazzer fuzz test and the seeded mutation test: seed images, and the exercise that
 * may only ever end normally or with a {@link FormatException}.
 */
final class VmdkFuzzing {
    /** Bytes read per exercise at most, so an absurd but valid capacity cannot make a test slow. */
    private static final int READ_WINDOW = 256 * 1024;

    private VmdkFuzzing() {
    }

    /** Small valid images: the tiny hand-built ones, the writers' output, and a text descriptor. */
    static List<byte[]> seeds() throws IOException {
        return List.of(TinyImages.sparse(), TinyImages.stream(),
                written(VmdkSubformat.STREAM_OPTIMIZED), written(VmdkSubformat.MONOLITHIC_SPARSE),
                ("# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\n"
                        + "RW 4 FLAT \"d.bin\" 0\nRW 4 ZERO\nddb.adapterType = \"lsilogic\"\n").getBytes());
    }

    private static byte[] written(VmdkSubformat subformat) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path tmpDir = Files.createTempDirectory("seed");
        Path tmp = tmpDir.resolve("fuzz.vmdk");
        try {
            try (BlockWriter w = VmdkFormat.create(tmp, 3 * 65536 + 512, new VmdkWriterOptions(subformat, "ide", 4, 1))) {
                byte[] data = new byte[70_000];
                new Random(7).nextBytes(data);
                for (int i = 0; i < data.length; i += 3) {
                    data[i] = 0;
                }
                w.write(1000, ByteBuffer.wrap(data));
                w.write(2 * 65536 + 100, ByteBuffer.wrap("tail".getBytes()));
                w.finish();
            }
            bytes.write(Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
            Files.delete(tmpDir);
        }
        return bytes.toByteArray();
    }

    /**
     * Opens {@code data} as a VMDK in {@code dir} (with a 4 KiB {@code d.bin} beside it) and reads a
     * bounded part; true when it opened, false when it was refused with a FormatException.
     */
    static boolean exercise(Path dir, byte[] data) throws IOException {
        Path file = dir.resolve("fuzz.vmdk");
        Files.write(file, data);
        Path flat = dir.resolve("d.bin");
        if (!Files.exists(flat)) {
            Files.write(flat, new byte[4096]);
        }
        try (BlockReader r = VmdkReader.open(file)) {
            long size = r.size();
            List<Extent> extents = r.extents(0, Math.min(size, 64L << 20));
            long covered = extents.isEmpty() ? 0 : extents.get(extents.size() - 1).end();
            if (covered != Math.min(size, 64L << 20)) {
                throw new AssertionError("extents cover " + covered + " of " + size);
            }
            int n = (int) Math.min(size, READ_WINDOW);
            r.read(0, ByteBuffer.allocate(n));
            r.read(size - n, ByteBuffer.allocate(n));
            return true;
        } catch (FormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().contains("\n")) {
                throw new AssertionError("format errors are one line: " + expected.getMessage());
            }
            return false;
        }
    }

    /** Flips, overwrites with boundary values, or truncates {@code seed} a few times. */
    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int mutations = 1 + rnd.nextInt(6);
        for (int m = 0; m < mutations; m++) {
            int hot = rnd.nextBoolean() ? Math.min(b.length, 1024) : b.length;
            if (hot == 0) {
                break;
            }
            int at = rnd.nextInt(hot);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {
                    long v = switch (rnd.nextInt(5)) {
                        case 0 -> -1L;
                        case 1 -> 0x7fffffffL;
                        case 2 -> 1L << rnd.nextInt(63);
                        case 3 -> 0;
                        default -> rnd.nextInt(4096);
                    };
                    int p = Math.min(at & ~3, b.length - 4);
                    if (p >= 0) {
                        ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(p, (int) v);
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                default -> {
                    byte[] digits = Long.toString(rnd.nextLong() >>> rnd.nextInt(64)).getBytes();
                    System.arraycopy(digits, 0, b, at, Math.min(digits.length, b.length - at));
                }
            }
        }
        return b;
    }
}
