package io.vmferry.formats.vmdk;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz targets for the VMDK header, descriptor and opening flow. Under plain {@code mvn
 * verify} they replay the inputs in {@code src/test/resources/.../VmdkFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} they fuzz for {@code maxDuration}. Crashes found become regression inputs there.
 */
class VmdkFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vmdk-fuzz");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void openAndRead(byte[] data) throws IOException {
        VmdkFuzzing.exercise(DIR, data);
    }

    @FuzzTest(maxDuration = "15s")
    void parseDescriptor(byte[] data) {
        try {
            VmdkDescriptor d = VmdkDescriptor.parse("fuzz.vmdk", data);
            VmdkDescriptor.parse("again.vmdk", d.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (FormatException expected) {
            // refused cleanly
        }
    }

    @FuzzTest(maxDuration = "15s")
    void validateHeader(byte[] data) {
        SparseExtentHeader h = new SparseExtentHeader(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(data, SparseExtentHeader.SIZE)));
        try {
            h.ensureValid("fuzz.vmdk", data.length);
            if (h.gdEntries() > 1L << 22 || h.grainBytes() <= 0) {
                throw new AssertionError("accepted header with unbounded geometry");
            }
        } catch (FormatException expected) {
            // refused cleanly
        }
    }
}
