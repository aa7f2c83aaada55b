package io.vmferry.formats.vmdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random mutations of small valid images (runs everywhere, unlike fuzzing): every mutant
 * opens and reads cleanly or fails with a one-line FormatException; no other exception, no OOM,
 * no hang. The seed is printed with a failure so it can be replayed.
 */
class VmdkMutationTest {
    private static final int ROUNDS = 3000;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void mutantsFailCleanly() throws Exception {
        List<byte[]> seeds = VmdkFuzzing.seeds();
        int opened = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Random rnd = new Random(round);
            byte[] mutant = VmdkFuzzing.mutate(seeds.get(round % seeds.size()), rnd);
            try {
                opened += VmdkFuzzing.exercise(dir, mutant) ? 1 : 0;
            } catch (Throwable t) {
                throw new AssertionError("mutation round " + round + " (seed " + (round % seeds.size()) + "): " + t, t);
            }
        }
        assertTrue(opened > ROUNDS / 10 && opened < ROUNDS, "mutants that still open: " + opened);
    }

    @Test
    void seedsAreValid() throws Exception {
        for (byte[] seed : VmdkFuzzing.seeds()) {
            assertTrue(VmdkFuzzing.exercise(dir, seed));
        }
    }
}
