package io.vmferry.reader;

import io.vmferry.bus.events.ExportInfo;
import io.vmferry.nbd.api.NbdMetaContexts;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.stream.api.BackupLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one disk is read: NBD read size, how much may be read ahead of the sink, connections and
 * timeouts. Memory per disk is bounded by {@code maxBufferedBytes} of read data plus one read of
 * encoder output.
 *
 * @param readSize         bytes per {@code NBD_CMD_READ} (4 KiB multiple, at most 32 MiB); reads are cut at
 *                         multiples of it
 * @param maxBufferedBytes read data held before it is handed to the stream (at least {@code readSize})
 * @param maxReadsAhead    reads in flight at once
 * @param nbdConnections   NBD connections per disk (used only when the export allows multi-conn)
 * @param readTimeout      one read that does not complete within this fails the disk
 * @param progressInterval least time between two {@code jobs.progress} events of one disk
 * @param maxBytesPerSecond data bytes read per second from the exports, all disks of the reader together
 *                         ({@code backup.rate-limit-mib}); 0: no limit
 */
public record ReaderOptions(int readSize, long maxBufferedBytes, int maxReadsAhead, int nbdConnections,
                            Duration readTimeout, Duration progressInterval, long maxBytesPerSecond) {
    /**
     * 512 KiB: QEMU 7.2's NBD server spent twice the CPU per GiB on reads of 1 MiB and more (a fresh buffer per
     * request, page faults and zeroing on every read; docs/benchmarks.md, "Backup throughput: findings").
     */
    public static final int DEFAULT_READ_SIZE = 512 << 10;
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 48L << 20;
    public static final int DEFAULT_MAX_READS_AHEAD = 16;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);
    /**
     * 512 KiB reads, 48 MiB buffered, 16 reads ahead, one connection, 120 s read timeout, progress every 500 ms, no
     * rate limit.
     */
    public static final ReaderOptions DEFAULT = new ReaderOptions(DEFAULT_READ_SIZE, DEFAULT_MAX_BUFFERED_BYTES,
            DEFAULT_MAX_READS_AHEAD, 1, DEFAULT_READ_TIMEOUT, DEFAULT_PROGRESS_INTERVAL, 0);

    /** Validates the values. */
    public ReaderOptions {
        if (readSize < ZeroScanner.BLOCK || readSize > NbdOptions.DEFAULT_MAX_READ_LENGTH
                || readSize % ZeroScanner.BLOCK != 0) {
            throw new IllegalArgumentException("read size must be a multiple of 4 KiB up to 32 MiB: " + readSize);
        }
        if (maxBufferedBytes < readSize) {
            throw new IllegalArgumentException("max buffered bytes must be at least the read size");
        }
        if (maxReadsAhead < 1 || maxReadsAhead > 64 || nbdConnections < 1 || nbdConnections > 16) {
            throw new IllegalArgumentException("reads ahead must be 1..64 and connections 1..16");
        }
        if (readTimeout == null || readTimeout.toMillis() < 1 || progressInterval == null
                || progressInterval.toMillis() < 1) {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
        }
        if (maxBytesPerSecond < 0) {
            throw new IllegalArgumentException("a read rate limit cannot be negative: " + maxBytesPerSecond);
        }
    }

    /**
     * How to connect to a disk's export for a read at {@code level}: the allocation context, plus the export's bitmap
     * context unless full; reads of this read size, a few more in flight than are read ahead, each asked for as one
     * data chunk (the plan reads only ranges the map calls data, and the reader finds zeros itself).
     *
     * @throws IllegalArgumentException for an incremental or differential read of an export without a bitmap context
     */
    public NbdOptions nbdOptions(ExportInfo export, BackupLevel level) {
        List<String> contexts = new ArrayList<>(List.of(NbdMetaContexts.BASE_ALLOCATION));
        if (level != BackupLevel.FULL && export.bitmapContext() != null) { // without: a volume copied whole
            contexts.add(export.bitmapContext());
        }
        NbdOptions o = new NbdOptions().setExportName(export.exportName() == null ? "" : export.exportName())
                .setMetaContexts(contexts).setMaxReadLength(readSize).setMaxInFlight(maxReadsAhead + 2)
                .setWholeReads(true);
        return export.socket() != null ? o.setSocketPath(export.socket()) : o.setHost(export.host()).setPort(export.port());
    }

    /** These options with another read size and buffer bound. */
    public ReaderOptions withBuffering(int size, long buffered, int ahead) {
        return new ReaderOptions(size, buffered, ahead, nbdConnections, readTimeout, progressInterval,
                maxBytesPerSecond);
    }

    /** These options with another read timeout. */
    public ReaderOptions withReadTimeout(Duration value) {
        return new ReaderOptions(readSize, maxBufferedBytes, maxReadsAhead, nbdConnections, value, progressInterval,
                maxBytesPerSecond);
    }

    /** These options with another progress interval. */
    public ReaderOptions withProgressInterval(Duration value) {
        return new ReaderOptions(readSize, maxBufferedBytes, maxReadsAhead, nbdConnections, readTimeout, value,
                maxBytesPerSecond);
    }

    /** These options with a read rate limit in bytes per second (0: none). */
    public ReaderOptions withMaxBytesPerSecond(long value) {
        return new ReaderOptions(readSize, maxBufferedBytes, maxReadsAhead, nbdConnections, readTimeout,
                progressInterval, value);
    }
}
