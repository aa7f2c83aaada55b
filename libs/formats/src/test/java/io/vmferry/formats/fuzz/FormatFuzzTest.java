package io.vmferry.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Jazzer fuzz tests, one per parser. Each input picks a seed image (made by qemu-img), patches a
 * few bytes, mostly in the metadata near the start of the file, may truncate it, and runs
 * {@link FuzzTarget}. Without {@code JAZZER_FUZZ=1} Jazzer replays the stored inputs only; the
 * {@link MutationFuzzTest} gives every build a short random run as well.
 *
 * <p>To fuzz one parser (Jazzer fuzzes one test per JVM; crashes land in
 * {@code src/test/resources/io/vmferry/formats/fuzz/FormatFuzzTestInputs/<method>/} and are replayed
 * by every later build; delete the {@code .cifuzz-corpus} directory it leaves behind):
 * <pre>JAZZER_FUZZ=1 mvn -pl libs/formats surefire:test -Dtest='FormatFuzzTest#qcow2'</pre>
 * or the whole set: <pre>mvn -pl libs/formats verify -Pfuzz -DskipITs</pre>
 */
class FormatFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void qcow2(FuzzedDataProvider data) throws IOException {
        fuzz("qcow2", data);
    }

    @FuzzTest(maxDuration = "10s")
    void vhdx(FuzzedDataProvider data) throws IOException {
        fuzz("vhdx", data);
    }

    @FuzzTest(maxDuration = "10s")
    void vpc(FuzzedDataProvider data) throws IOException {
        fuzz("vpc", data);
    }

    private static Path file;

    static void fuzz(String format, FuzzedDataProvider data) throws IOException {
        List<byte[]> seeds = FuzzSeeds.of(format);
        byte[] seed = seeds.get(data.consumeInt(0, seeds.size() - 1));
        int patches = data.consumeInt(0, 6);
        long[] offsets = new long[patches];
        byte[][] values = new byte[patches][];
        for (int i = 0; i < patches; i++) {
            boolean nearStart = data.consumeBoolean();
            int limit = nearStart ? Math.min(seed.length, 4 << 20) : seed.length;
            offsets[i] = data.consumeInt(0, limit - 1);
            values[i] = data.consumeBytes(8);
        }
        int length = data.consumeBoolean() ? data.consumeInt(0, seed.length) : seed.length;
        if (file == null) {
            file = Files.createTempFile("vmferry-fuzz", "." + format);
            file.toFile().deleteOnExit();
        }
        FuzzTarget.Outcome outcome = FuzzTarget.run(format, FuzzTarget.mutate(seed, offsets, values, length), file);
        assertNotNull(outcome, "every input is either read consistently or rejected with a FormatException");
    }
}
