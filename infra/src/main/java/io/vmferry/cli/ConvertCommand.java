package io.vmferry.cli;

import io.vmferry.bus.Json;
import io.vmferry.convert.ConversionResult;
import io.vmferry.convert.ConversionSpec;
import io.vmferry.convert.ConvertException;
import io.vmferry.convert.ImageConverter;
import io.vmferry.qemu.pve.Sizes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry convert SRC DST}: converts a disk image on this machine in one pass (no bus, no
 * stack). The source format is detected, the output format comes from {@code --format} or DST's
 * extension; DST appears only when complete. Bad input is exit 2 with {@code vmferry: SRC: reason}.
 */
@Command(name = "convert", description = "Convert a disk image (raw, qcow2, vmdk, vhdx, vpc or a .vfs full backup) "
        + "to raw, qcow2, vhdx or vmdk.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "image to read; its format is detected")
    Path source;

    @Parameters(index = "1", paramLabel = "DST",
            description = "file to create (written under a temporary name, renamed when complete)")
    Path target;

    @Option(names = "--format", paramLabel = "FMT",
            description = "output format: raw, qcow2, vhdx or vmdk (default: from DST's extension)")
    String format;

    @Option(names = "--subformat", paramLabel = "SUB",
            description = "vmdk: monolithicSparse (default) or streamOptimized; vhdx: dynamic")
    String subformat;

    @Option(names = "--source-format", paramLabel = "FMT",
            description = "skip detection: raw, qcow2, vmdk, vhdx, vpc or vfs")
    String sourceFormat;

    @Option(names = "-o", paramLabel = "KEY=VALUE", split = ",",
            description = "output format options as for qemu-img -o (cluster_size, block_size, adapter_type, ...)")
    List<String> options = List.of();

    @Option(names = "--force", description = "replace DST if it exists")
    boolean force;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Option(names = "--sha256", description = "also report the output's SHA-256 (hashed as written for raw, read back "
            + "once more for the other formats)")
    boolean sha256;

    @Override
    public Integer call() {
        Map<String, String> opts = parseOptions(options);
        if (subformat != null) {
            opts.put("subformat", subformat);
        }
        ConversionSpec spec = new ConversionSpec(source, sourceFormat, target, format, opts, force);
        ProgressBar bar = new ProgressBar(System.err);
        ConversionResult r;
        try {
            r = new ImageConverter().convert(spec, (done, total) -> bar.update("convert", done, total), sha256);
        } catch (ConvertException e) {
            throw e.isUsageError() ? new UsageException(e.getMessage()) : new JobFailedException(e.getMessage());
        } finally {
            bar.clear();
        }
        if (json) {
            System.out.println(Json.pretty(summary(r)));
        } else {
            print(r);
        }
        return 0;
    }

    /** {@code key=value} strings as a map; a malformed one is a usage error. */
    static Map<String, String> parseOptions(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new UsageException("-o " + pair + ": expected KEY=VALUE");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }

    static Map<String, Object> summary(ConversionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source().toString());
        m.put("target", r.target().toString());
        m.put("sourceFormat", r.sourceFormat());
        m.put("targetFormat", r.targetFormat());
        m.put("virtualSize", r.virtualSize());
        m.put("dataBytes", r.dataBytes());
        m.put("zeroBytes", r.zeroBytes());
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("mbPerSecond", Math.round(r.mbPerSecond() * 10) / 10.0);
        m.put("outputBytes", r.outputBytes());
        m.put("sha256", r.sha256());
        return m;
    }

    private static void print(ConversionResult r) {
        System.err.printf(Locale.ROOT, "%s (%s) -> %s (%s)%n", r.source(), r.sourceFormat(), r.target(), r.targetFormat());
        System.err.printf(Locale.ROOT, "  virtual size %s, data %s, zeros %s%n", Sizes.human(r.virtualSize()),
                Sizes.human(r.dataBytes()), Sizes.human(r.zeroBytes()));
        System.err.printf(Locale.ROOT, "  %.1f s, %.1f MB/s%n", r.seconds(), r.mbPerSecond());
        System.err.printf(Locale.ROOT, "  output %s (%d bytes)%s%n", Sizes.human(r.outputBytes()), r.outputBytes(),
                r.sha256() == null ? "" : ", sha256 " + r.sha256());
    }
}
