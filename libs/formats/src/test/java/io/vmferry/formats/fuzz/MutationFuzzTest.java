package io.vmferry.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A plain, seeded random mutation fuzzer that runs in every build, a few seconds per parser:
 * Jazzer's {@link FormatFuzzTest} only replays stored inputs unless {@code JAZZER_FUZZ=1} is set.
 * A failure names the iteration seed; rerun it with {@code -Dvmferry.fuzz.seed=N}.
 */
class MutationFuzzTest {
    private static final long MILLIS = Long.getLong("vmferry.fuzz.millis", 3000);
    /** Iteration seeds are deterministic, so the first MIN_ITERATIONS inputs are the same on every machine. */
    private static final int MIN_ITERATIONS = 100;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"qcow2", "vhdx", "vpc"})
    void randomMutationsOfValidImages(String format) {
        List<byte[]> seeds = FuzzSeeds.of(format);
        Path file = dir.resolve("fuzz." + format);
        Long fixed = Long.getLong("vmferry.fuzz.seed");
        long deadline = System.currentTimeMillis() + MILLIS;
        java.util.EnumMap<FuzzTarget.Outcome, Integer> outcomes = new java.util.EnumMap<>(FuzzTarget.Outcome.class);
        for (long iteration = 0; fixed != null ? iteration == 0
                : iteration < MIN_ITERATIONS || System.currentTimeMillis() < deadline; iteration++) {
            long seed = fixed != null ? fixed : format.hashCode() * 1_000_003L + iteration;
            try {
                outcomes.merge(FuzzTarget.run(format, mutate(seeds, new Random(seed)), file), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(format + " fuzz seed " + seed + ": " + e, e);
            }
        }
        System.err.println("mutation fuzz " + format + ": " + outcomes);
        if (fixed == null) {
            assertTrue(outcomes.getOrDefault(FuzzTarget.Outcome.REJECTED, 0) > 0,
                    () -> format + ": no mutant was rejected, the mutator never reached the parser's checks: "
                            + outcomes);
        }
    }

    static byte[] mutate(List<byte[]> seeds, Random rnd) {
        byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
        int patches = 1 + rnd.nextInt(4);
        long[] offsets = new long[patches];
        byte[][] values = new byte[patches][];
        for (int i = 0; i < patches; i++) {
            int limit = rnd.nextBoolean() ? Math.min(seed.length, 1 << 20) : seed.length;
            // favour the structured part: header fields and the first tables
            offsets[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.min(limit, 512)) : rnd.nextInt(limit);
            values[i] = new byte[1 + rnd.nextInt(8)];
            switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextBytes(values[i]);
                case 1 -> java.util.Arrays.fill(values[i], (byte) 0xff);
                default -> values[i][values[i].length - 1] = (byte) rnd.nextInt(256);
            }
        }
        int length = rnd.nextInt(10) == 0 ? rnd.nextInt(seed.length + 1) : seed.length;
        return FuzzTarget.mutate(seed, offsets, values, length);
    }
}
