package io.vmferry.reader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The reader's Micrometer meters: bytes read from NBD, stream bytes sent, disks completed and failed,
 * transfer time per disk, and the time reads waited for the read rate limit.
 */
public final class ReaderMetrics {
    private final Counter bytesRead;
    private final Counter bytesSent;
    private final Counter completed;
    private final Counter failed;
    private final Timer transfers;
    private final Counter paced;

    /** Meters registered in {@code registry}. */
    public ReaderMetrics(MeterRegistry registry) {
        bytesRead = Counter.builder("vmferry.reader.read.bytes").baseUnit("bytes")
                .description("data bytes read from NBD exports").register(registry);
        bytesSent = Counter.builder("vmferry.reader.sent.bytes").baseUnit("bytes")
                .description("extent stream bytes acknowledged by sinks").register(registry);
        completed = Counter.builder("vmferry.reader.disks").tag("outcome", "completed")
                .description("disk transfers by outcome").register(registry);
        failed = Counter.builder("vmferry.reader.disks").tag("outcome", "failed")
                .description("disk transfers by outcome").register(registry);
        transfers = Timer.builder("vmferry.reader.disk.duration").description("time to transfer one disk")
                .register(registry);
        paced = Counter.builder("vmferry.reader.paced.seconds").baseUnit("seconds")
                .description("time reads were held back by backup.rate-limit-mib").register(registry);
    }

    /** Meters in a private registry (tests, tools). */
    public static ReaderMetrics detached() {
        return new ReaderMetrics(new SimpleMeterRegistry());
    }

    void read(long bytes) {
        bytesRead.increment(bytes);
    }

    void completed(long sentBytes, Duration took) {
        bytesSent.increment(sentBytes);
        completed.increment();
        transfers.record(took);
    }

    void paced(long nanos) {
        paced.increment(nanos / 1e9);
    }

    void failed() {
        failed.increment();
    }
}
