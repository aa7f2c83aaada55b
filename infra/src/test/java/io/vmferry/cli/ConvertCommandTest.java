package io.vmferry.cli;

import io.vmferry.testkit.images.TestImages;

import io.vmferry.infra.CliRun;

import static io.vmferry.testkit.images.TestImages.assertSameContent;
import static io.vmferry.testkit.images.TestImages.qemuImg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmferry.bus.Json;
import io.vmferry.convert.FileHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmferry convert} in every direction the issue names, checked with qemu-img. */
class ConvertCommandTest {
    static final long SIZE = 12 * TestImages.MIB + 3 * 512;

    @TempDir
    static Path src;
    static Path raw;

    @TempDir
    Path out;

    @BeforeAll
    static void sources() throws Exception {
        raw = TestImages.patternedRaw(src.resolve("disk.raw"), SIZE, 11);
    }

    @Test
    void vmdkToQcow2FormatFromExtension() throws Exception {
        Path vmdk = TestImages.convert(raw, src.resolve("vmdk-src.vmdk"), "vmdk");
        Path dst = out.resolve("disk.qcow2");
        CliRun r = CliRun.run("convert", "--sha256", vmdk.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(vmdk + " (vmdk) -> " + dst + " (qcow2)\n"), r::toString);
        assertTrue(r.err().contains("sha256 " + FileHash.sha256(dst)), r::toString);
        assertSameContent(raw, dst);
        qemuImg("check", dst.toString());
        assertTrue(qemuImg("info", dst.toString()).contains("file format: qcow2"));
        assertEquals(List.of("disk.qcow2"), ImageFixtures.files(out));
    }

    @Test
    void theOutputIsHashedOnlyWhenAsked() throws Exception {
        Path dst = out.resolve("plain.qcow2");
        CliRun r = CliRun.run("convert", "--json", raw.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        assertFalse(Json.MAPPER.readTree(r.out()).hasNonNull("sha256"), r::toString);
        CliRun human = CliRun.run("convert", "--force", raw.toString(), dst.toString());
        assertEquals(0, human.code(), human::toString);
        assertFalse(human.err().contains("sha256"), human::toString);
        assertSameContent(raw, dst);
    }

    @Test
    void vhdxToRawWithJsonSummaryStaysSparse() throws Exception {
        Path vhdx = TestImages.convert(raw, src.resolve("vhdx-src.vhdx"), "vhdx");
        Path dst = out.resolve("disk.raw");
        CliRun r = CliRun.run("convert", "--json", "--sha256", vhdx.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals("vhdx", j.path("sourceFormat").asText());
        assertEquals("raw", j.path("targetFormat").asText());
        assertEquals(SIZE, j.path("virtualSize").asLong());
        assertEquals(SIZE, j.path("dataBytes").asLong() + j.path("zeroBytes").asLong());
        assertTrue(j.path("zeroBytes").asLong() > 4 * TestImages.MIB, r::toString);
        assertEquals(Files.size(dst), j.path("outputBytes").asLong());
        assertEquals(FileHash.sha256(dst), j.path("sha256").asText());
        assertTrue(j.has("seconds") && j.has("mbPerSecond"), r::toString);
        assertSameContent(raw, dst);
        long allocated = Long.parseLong(qemuImg("info", "--output=json", dst.toString())
                .replaceAll("(?s).*\"actual-size\": (\\d+).*", "$1"));
        assertTrue(allocated < SIZE - 4 * TestImages.MIB, "raw output is sparse: " + allocated);
    }

    @Test
    void qcow2ToVhdxWithFormatAndOptions() throws Exception {
        Path qcow2 = TestImages.convert(raw, src.resolve("qcow2-src.qcow2"), "qcow2");
        Path dst = out.resolve("disk.img");
        CliRun r = CliRun.run("convert", "--format", "vhdx", "-o", "block_size=1M", qcow2.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        assertSameContent(raw, dst);
        qemuImg("check", "-f", "vhdx", dst.toString());
        assertTrue(qemuImg("info", dst.toString()).contains("file format: vhdx"));
    }

    @Test
    void rawToStreamOptimizedVmdk() throws Exception {
        Path dst = out.resolve("export.vmdk");
        CliRun r = CliRun.run("convert", "--subformat", "streamOptimized", raw.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        assertSameContent(raw, dst);
        qemuImg("check", dst.toString());
        String info = qemuImg("info", dst.toString());
        assertTrue(info.contains("file format: vmdk") && info.contains("create type: streamOptimized"), info);
    }

    @Test
    void fixedVhdIsDetectedNotTakenForRaw() throws Exception {
        Path vhd = TestImages.convert(raw, src.resolve("fixed.vhd"), "vpc", "subformat=fixed,force_size=on");
        Path dst = out.resolve("from-vhd.qcow2");
        CliRun r = CliRun.run("convert", "--json", vhd.toString(), dst.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals("vpc", j.path("sourceFormat").asText());
        assertEquals(SIZE, j.path("virtualSize").asLong());
        assertSameContent(raw, dst);
    }

    @Test
    void existingTargetNeedsForce() throws Exception {
        Path dst = out.resolve("keep.qcow2");
        assertEquals(0, CliRun.run("convert", raw.toString(), dst.toString()).code());
        String before = FileHash.sha256(dst);
        Path other = TestImages.patternedRaw(out.resolve("other.raw"), 2 * TestImages.MIB, 5);

        CliRun refused = CliRun.run("convert", other.toString(), dst.toString());
        assertEquals(2, refused.code(), refused::toString);
        assertEquals("vmferry: " + dst + ": exists (use --force to replace it)\n", refused.err());
        assertEquals(before, FileHash.sha256(dst));

        CliRun forced = CliRun.run("convert", "--force", other.toString(), dst.toString());
        assertEquals(0, forced.code(), forced::toString);
        assertSameContent(other, dst);
        assertEquals(List.of("keep.qcow2", "other.raw"), ImageFixtures.files(out));
    }

    @Test
    void usageErrorsAreExitTwo() throws Exception {
        assertUsage("cannot tell the output format from 'disk.xyz'", "convert", raw.toString(), out.resolve("disk.xyz").toString());
        assertUsage("cannot write format 'vpc'", "convert", raw.toString(), out.resolve("disk.vhd").toString());
        assertUsage("unknown vmdk subformat 'flat'", "convert", "--subformat", "flat", raw.toString(),
                out.resolve("a.vmdk").toString());
        assertUsage("-o nonsense: expected KEY=VALUE", "convert", "-o", "nonsense", raw.toString(),
                out.resolve("b.qcow2").toString());
        assertUsage("is the source itself", "convert", "--force", "--format", "raw", raw.toString(), raw.toString());
        assertEquals(List.of(), ImageFixtures.files(out));
    }

    private static void assertUsage(String message, String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("vmferry: ") && r.err().contains(message), r::toString);
        assertFalse(r.err().strip().contains("\n"), r::toString);
    }
}
