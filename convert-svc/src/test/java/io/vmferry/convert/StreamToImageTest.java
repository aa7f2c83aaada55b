package io.vmferry.convert;

import io.vmferry.testkit.images.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A full-backup stream written straight into every writable format, checked by qemu-img. */
class StreamToImageTest {
    static final long SIZE = 21 * TestImages.MIB + 3 * 512;

    @TempDir
    static Path dir;
    static Path raw;
    static Path vfs;

    @BeforeAll
    static void streamOfARawDisk() throws Exception {
        raw = TestImages.patternedRaw(dir.resolve("disk.raw"), SIZE, 7);
        vfs = TestStreams.fromRaw(raw, dir.resolve("disk.vfs"),
                StreamHeader.full("job-1", "lab/100", "scsi0", SIZE, Instant.now()),
                EncoderOptions.DEFAULT.withCompression(Compression.LZ4));
    }

    @ParameterizedTest
    @CsvSource({"out.qcow2,qcow2,", "out.vhdx,vhdx,", "out.vmdk,vmdk,monolithicSparse", "out.vmdk,vmdk,streamOptimized",
            "out.raw,raw,"})
    void fullStreamLandsInEveryFormat(String name, String format, String subformat) throws Exception {
        Path out = dir.resolve(format + "-" + subformat + "-" + name);
        Map<String, String> options = subformat == null ? Map.of() : Map.of("subformat", subformat);
        ConversionResult r = new ImageConverter().convert(
                ConversionSpec.of(vfs, out).withOptions(options), ProgressListener.NONE, true);
        assertEquals(ImageFormatNames.VFS, r.sourceFormat());
        assertEquals(format, r.targetFormat());
        assertEquals(SIZE, r.virtualSize());
        assertEquals(SIZE, r.dataBytes() + r.zeroBytes());
        TestImages.assertSameContent(raw, out);
        assertTrue(TestImages.qemuImg("info", out.toString()).contains("file format: " + format));
        if (!format.equals("raw")) {
            TestImages.qemuImg("check", out.toString());
        }
        assertEquals(FileHash.sha256(out), r.sha256());
    }

    @Test
    void incrementalStreamIsRefusedAndLeavesNothing() throws Exception {
        Path inc = TestStreams.fromRaw(raw, dir.resolve("inc.vfs"), new StreamHeader("job-2", "lab/100", "scsi0",
                SIZE, BackupLevel.INCREMENTAL, "point-1", 65536, Instant.now(), null), EncoderOptions.DEFAULT);
        Path out = dir.resolve("inc.qcow2");
        ConvertException e = assertThrows(ConvertException.class,
                () -> new ImageConverter().convert(ConversionSpec.of(inc, out), ProgressListener.NONE, false));
        assertEquals(ConvertException.Kind.BAD_SOURCE, e.kind());
        assertTrue(e.getMessage().startsWith(inc + ": stream of lab/100 scsi0 is not a full backup (level incremental)"),
                e.getMessage());
        assertFalse(Files.exists(out));
        TestStreams.assertNoLeftovers(dir, "inc.qcow2");
    }

    @Test
    void corruptStreamIsABadSourceAndLeavesNothing() throws Exception {
        Path bad = dir.resolve("bad.vfs");
        Files.copy(vfs, bad);
        try (var ch = Files.newByteChannel(bad, StandardOpenOption.WRITE)) {
            ch.position(Files.size(bad) / 2).write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        }
        Path out = dir.resolve("bad.vhdx");
        ConvertException e = assertThrows(ConvertException.class,
                () -> new ImageConverter().convert(ConversionSpec.of(bad, out), ProgressListener.NONE, false));
        assertEquals(ConvertException.Kind.BAD_SOURCE, e.kind());
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out));
        TestStreams.assertNoLeftovers(dir, "bad.vhdx");
    }
}
