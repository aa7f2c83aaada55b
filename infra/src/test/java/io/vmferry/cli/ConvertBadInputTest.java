package io.vmferry.cli;

import io.vmferry.testkit.images.TestImages;

import io.vmferry.infra.CliRun;

import static io.vmferry.cli.ImageFixtures.poke;
import static io.vmferry.testkit.images.TestImages.qemuImg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code vmferry convert}: exit 2, one line {@code vmferry: SRC: reason}, no output file
 * (nor temporary file) left, no hang.
 */
class ConvertBadInputTest {
    @TempDir
    Path dir;

    /** Makes a broken source in a directory and returns it. */
    @FunctionalInterface
    interface Broken {
        Path make(Path dir) throws Exception;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("truncated qcow2", "outside the file", (Broken) d -> {
                    Path q = TestImages.convert(TestImages.patternedRaw(d.resolve("r.raw"), 8 << 20, 1),
                            d.resolve("t.qcow2"), "qcow2");
                    try (var ch = Files.newByteChannel(q, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.truncate(Files.size(q) / 2);
                    }
                    Files.delete(d.resolve("r.raw"));
                    return q;
                }, List.of()),
                Arguments.of("bad magic", "not a VHDX file", (Broken) d -> {
                    Path v = create(d, "m.vhdx", "vhdx");
                    poke(v, 0, (byte) 'X', (byte) 'X');
                    return v;
                }, List.of("--source-format", "vhdx")),
                Arguments.of("bad header checksums", "bad checksum", (Broken) d -> {
                    Path v = create(d, "c.vhdx", "vhdx");
                    poke(v, 65536 + 100, (byte) 1, (byte) 2);
                    poke(v, 131072 + 100, (byte) 1, (byte) 2);
                    return v;
                }, List.of()),
                Arguments.of("absurd size", "absurd virtual size", (Broken) d -> {
                    Path q = create(d, "a.qcow2", "qcow2");
                    poke(q, 24, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                            (byte) 0xfe, (byte) 0);
                    return q;
                }, List.of()),
                Arguments.of("backing chain loop", "backing chain loop", (Broken) d -> {
                    Path a = create(d, "la.qcow2", "qcow2");
                    Path b = d.resolve("lb.qcow2");
                    qemuImg("create", "-q", "-f", "qcow2", "-b", a.toString(), "-F", "qcow2", b.toString());
                    qemuImg("rebase", "-u", "-b", b.toString(), "-F", "qcow2", a.toString());
                    return b;
                }, List.of()),
                Arguments.of("missing extent file", "not found", (Broken) d -> {
                    Path v = d.resolve("f.vmdk");
                    qemuImg("create", "-q", "-f", "vmdk", "-o", "subformat=monolithicFlat", v.toString(), "8M");
                    Files.delete(d.resolve("f-flat.vmdk"));
                    return v;
                }, List.of()),
                Arguments.of("missing source", "no such file", (Broken) d -> d.resolve("nothing.qcow2"), List.of()),
                Arguments.of("empty file forced as qcow2", "qcow2", (Broken) d -> Files.createFile(d.resolve("e.qcow2")),
                        List.of("--source-format", "qcow2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void badInputIsExitTwoWithOneLineAndNoOutput(String name, String reason, Broken broken, List<String> extra)
            throws Exception {
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        Files.createDirectories(in);
        Files.createDirectories(out);
        Path src = broken.make(in);
        for (String target : List.of("x.qcow2", "x.raw")) {
            List<String> args = new java.util.ArrayList<>(List.of("convert"));
            args.addAll(extra);
            args.add(src.toString());
            args.add(out.resolve(target).toString());
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("vmferry: " + src + ": "), r::toString);
            assertTrue(r.err().contains(reason), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertEquals("", r.out());
            assertEquals(List.of(), ImageFixtures.files(out), name + ": output left behind");
        }
    }

    private static Path create(Path dir, String name, String format) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        qemuImg("create", "-q", "-f", format, p.toString(), "8M");
        return p;
    }
}
