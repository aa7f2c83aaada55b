package io.vmferry.convert;

import io.vmferry.formats.api.Copier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark entry point ({@code infra/bench/convert.sh}): converts one image with the engine directly,
 * so JVM start-up is not part of the figure, and prints one line
 * {@code seconds=S data=B zero=B out=B peak_heap=B}. The peak heap is the sum of the peak usage of
 * every heap memory pool (an upper bound of the real peak).
 *
 * <p>Usage: {@code ConvertBenchMain SRC DST FORMAT [key=value ...]} (DST is replaced). With
 * {@code -Dvmferry.bench.single=true} the copy runs on one thread (plain {@code Copier}) instead of the
 * default {@link PipelinedCopier}.
 */
public final class ConvertBenchMain {
    private ConvertBenchMain() {
    }

    /** Runs one conversion; exit 2 on bad arguments or input, 1 on a failed write. */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ConvertBenchMain SRC DST FORMAT [key=value ...]");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ConversionSpec spec = new ConversionSpec(Path.of(args[0]), null, Path.of(args[1]), args[2], options, true);
        try {
            ConversionResult r = converter().convert(spec, ProgressListener.NONE, false);
            System.out.printf("seconds=%.3f data=%d zero=%d out=%d peak_heap=%d%n", r.seconds(), r.dataBytes(),
                    r.zeroBytes(), r.outputBytes(), peakHeap());
        } catch (ConvertException e) {
            System.err.println("convert: " + e.getMessage());
            System.exit(e.isUsageError() ? 2 : 1);
        }
    }

    private static ImageConverter converter() {
        return Boolean.getBoolean("vmferry.bench.single") ? new ImageConverter(new Copier()) : new ImageConverter();
    }

    /** Sum of the peak usage of the heap pools, in bytes. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
