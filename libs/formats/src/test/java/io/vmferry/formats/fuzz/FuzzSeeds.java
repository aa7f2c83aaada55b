package io.vmferry.formats.fuzz;

import io.vmferry.formats.testing.Qemu;
import io.vmferry.formats.testing.TestImages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small valid images, made once per JVM with qemu-img, that the fuzzers mutate: for each parser a
 * few subformats so that most code paths start from a valid structure.
 */
final class FuzzSeeds {
    private static Map<String, List<byte[]>> seeds;

    private FuzzSeeds() {
    }

    /** Seeds for {@code format} ({@code qcow2}, {@code vhdx}, {@code vpc}). */
    static synchronized List<byte[]> of(String format) {
        if (seeds == null) {
            try {
                seeds = make();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds.get(format);
    }

    private static Map<String, List<byte[]>> make() throws IOException {
        Path dir = Files.createTempDirectory("vmferry-fuzz-seeds");
        Path src = TestImages.patternedRaw(dir.resolve("src.raw"), TestImages.MIB + 12_800, 99);
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        out.put("qcow2", convert(dir, src, "qcow2", "-o", "cluster_size=4096,compat=0.10",
                "-o", "cluster_size=16384,extended_l2=on", "-c -o", "cluster_size=4096",
                "-c -o", "cluster_size=4096,compression_type=zstd"));
        out.put("vhdx", convert(dir, src, "vhdx", "-o", "block_size=1M", "-o", "subformat=fixed,block_size=1M"));
        out.put("vpc", convert(dir, src, "vpc", "-o", "subformat=dynamic,force_size=on", "-o", "subformat=fixed,force_size=on"));
        for (Path p : Files.list(dir).toList()) {
            Files.delete(p);
        }
        Files.delete(dir);
        return out;
    }

    private static List<byte[]> convert(Path dir, Path src, String fmt, String... flagsAndOpts) throws IOException {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < flagsAndOpts.length; i += 2) {
            Path img = dir.resolve(fmt + i);
            List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", fmt));
            if (flagsAndOpts[i].startsWith("-c")) {
                cmd.add("-c");
            }
            cmd.add("-o");
            cmd.add(flagsAndOpts[i + 1]);
            cmd.add(src.toString());
            cmd.add(img.toString());
            Qemu.ok(null, cmd.toArray(String[]::new));
            list.add(Files.readAllBytes(img));
        }
        return list;
    }
}
