package io.vmferry.stream.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectFileOutputTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesExactlyTheBytesGivenWhateverTheirSplit(boolean direct) throws Exception {
        Random rnd = new Random(5);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path file = dir.resolve("out.part");
        try (DirectFileOutput out = DirectFileOutput.create(file, direct)) {
            // header-sized, odd, stage-crossing and multi-stage pieces, some gathered two at a time
            int[] sizes = {12, 36, 1 << 20, 36, 4095, 1, DirectFileOutput.STAGE_BYTES + 7, 36, 3 * 4096, 777};
            for (int i = 0; i < sizes.length; i += 2) {
                ByteBuffer a = piece(rnd, sizes[i], expected);
                ByteBuffer b = piece(rnd, sizes[i + 1], expected);
                out.write(new ByteBuffer[] {a, b});
                assertEquals(0, a.position(), "positions are not moved");
            }
            assertEquals(expected.size(), out.length());
            out.finish();
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFileOfLessThanOneBlockKeepsItsLength(boolean direct) throws Exception {
        Path file = dir.resolve("small.part");
        try (DirectFileOutput out = DirectFileOutput.create(file, direct)) {
            out.write(new ByteBuffer[] {ByteBuffer.wrap("hello".getBytes())});
            out.finish();
        }
        assertEquals("hello", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anEmptyFileStaysEmpty(boolean direct) throws Exception {
        Path file = dir.resolve("empty.part");
        try (DirectFileOutput out = DirectFileOutput.create(file, direct)) {
            out.finish();
            assertFalse(!direct && out.direct(), "ordinary writes when asked for");
        }
        assertEquals(0, Files.size(file));
    }

    private static ByteBuffer piece(Random rnd, int size, ByteArrayOutputStream expected) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        expected.writeBytes(b);
        return size % 2 == 0 ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(size).put(b).flip();
    }
}
