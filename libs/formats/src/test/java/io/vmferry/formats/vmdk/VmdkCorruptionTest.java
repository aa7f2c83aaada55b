package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Targeted damage to the tiny images: each is refused with a one-line message naming file and reason. */
class VmdkCorruptionTest {
    @TempDir
    Path dir;

    private String failure(byte[] image, Consumer<ByteBuffer> damage) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(image.clone()).order(ByteOrder.LITTLE_ENDIAN);
        damage.accept(b);
        Path file = dir.resolve("fuzz.vmdk");
        Files.write(file, b.array());
        FormatException e = assertThrows(FormatException.class, () -> {
            try (VmdkReader r = VmdkReader.open(file)) {
                r.read(0, ByteBuffer.allocate((int) r.size()));
            }
        });
        return e.getMessage();
    }

    @Test
    void headerFields() throws Exception {
        byte[] sparse = TinyImages.sparse();
        assertEquals("fuzz.vmdk: unsupported sparse extent version 7", failure(sparse, b -> b.putInt(4, 7)));
        assertEquals("fuzz.vmdk: grain size 3 sectors is not a power of two in [1, 65536]", failure(sparse, b -> b.putLong(20, 3)));
        assertEquals("fuzz.vmdk: numGTEsPerGT 4294967295 outside [1, 65536]", failure(sparse, b -> b.putInt(44, -1)));
        assertEquals("fuzz.vmdk: capacity -1 sectors outside [0, 2199023255552]", failure(sparse, b -> b.putLong(12, -1)));
        assertEquals("fuzz.vmdk: grain directory of 549755813888 entries exceeds 4194304",
                failure(sparse, b -> b.putLong(12, 1L << 41)));
        assertEquals("fuzz.vmdk: embedded descriptor size 4096 sectors outside [1, 2048]", failure(sparse, b -> b.putLong(36, 4096)));
        assertEquals("fuzz.vmdk: embedded descriptor at sector 9000 (+1) lies outside the file of 5120 bytes",
                failure(sparse, b -> b.putLong(28, 9000)));
        assertEquals("fuzz.vmdk: newline test characters damaged (file transferred in text mode?)",
                failure(sparse, b -> b.put(75, (byte) '\n')));
        assertEquals("fuzz.vmdk: unsupported compression algorithm 1 (compressed flag false)", failure(sparse, b -> b.putShort(77, (short) 1)));
    }

    @Test
    void tablesAndGrains() throws Exception {
        byte[] sparse = TinyImages.sparse();
        assertEquals("fuzz.vmdk: grain directory at sector 4000 (+1) lies outside the file of 5120 bytes",
                failure(sparse, b -> b.putLong(56, 4000)));
        assertEquals("fuzz.vmdk: grain directory entry 1: grain table at sector 77 (+1) lies outside the file of 5120 bytes",
                failure(sparse, b -> b.putInt(2 * 512 + 4, 77)));
        assertEquals("fuzz.vmdk: grain table 0 entry 0 points to sector 4096 beyond the end of the file (5120 bytes)",
                failure(sparse, b -> b.putInt(3 * 512, 4096)));
    }

    @Test
    void redundantDirectoryReplacesADamagedPrimary() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(TinyImages.sparse().clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8, b.getInt(8) | SparseExtentHeader.FLAG_REDUNDANT_GD).putLong(48, 2).putLong(56, 4000);
        Path file = dir.resolve("fuzz.vmdk");
        Files.write(file, b.array());
        try (VmdkReader r = VmdkReader.open(file)) {
            ByteBuffer all = ByteBuffer.allocate((int) r.size());
            r.read(0, all);
            assertEquals(ByteBuffer.wrap(TinyImages.content()), all.flip());
        }
    }

    @Test
    void streamMarkersAndCompressedGrains() throws Exception {
        byte[] stream = TinyImages.stream();
        int n = stream.length;
        assertEquals("fuzz.vmdk: streamOptimized footer not found (file does not end with footer marker, footer, end-of-stream marker)",
                failure(stream, b -> b.putInt(n - 1536 + 12, 1)));
        assertEquals("fuzz.vmdk: grain marker at sector 2 has lba 9, expected 0", failure(stream, b -> b.putLong(1024, 9)));
        assertEquals("fuzz.vmdk: compressed grain at sector 2 has bad size 2147483647",
                failure(stream, b -> b.putInt(1024 + 8, Integer.MAX_VALUE)));
        assertEquals("fuzz.vmdk: compressed grain at sector 2 is corrupt: invalid stored block lengths",
                failure(stream, b -> b.put(1024 + 12 + 2, (byte) 0)));
        assertEquals("fuzz.vmdk: compressed grain at sector 2 is truncated", failure(stream, b -> b.putInt(1024 + 8, 5)));
    }

    @Test
    void notAVmdk() throws Exception {
        Path file = dir.resolve("x.vmdk");
        Files.write(file, "COWD and more".getBytes());
        assertEquals("x.vmdk: ESX/VMDK3 sparse extents (COWD) are not supported",
                assertThrows(FormatException.class, () -> VmdkReader.open(file)).getMessage());
        Files.write(file, new byte[2 << 20]);
        assertEquals("x.vmdk: not a VMDK (no sparse magic, and too large for a descriptor: 2097152 bytes)",
                assertThrows(FormatException.class, () -> VmdkReader.open(file)).getMessage());
        assertEquals("nope.vmdk: file not found (" + dir.resolve("nope.vmdk") + ")",
                assertThrows(FormatException.class, () -> VmdkReader.open(dir.resolve("nope.vmdk"))).getMessage());
    }
}
