package io.vmferry.reader;

import io.vertx.core.Vertx;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.TlsConfig;
import java.util.List;

/**
 * Reads disks from NBD exports and streams them to sinks over mutual TLS: the data path of the
 * service, usable on its own (tools, tests).
 *
 * <pre>{@code
 * DiskReader reader = new DiskReader(vertx, TlsConfig.fromDirectory(certs, "extent-reader-svc"),
 *         EncoderOptions.DEFAULT.withCompression(Compression.LZ4), ReaderOptions.DEFAULT, metrics);
 * reader.start(request).result().onSuccess(r -> LOGGER.info("{} sha256 {}", r.disk(), r.sha256()));
 * }</pre>
 * Each transfer runs on its own event loop, so several disks proceed in parallel.
 */
public final class DiskReader {
    private final Vertx vertx;
    private final TlsConfig tls;
    private final EncoderOptions encoder;
    private final ReaderOptions options;
    private final ReaderMetrics metrics;
    /** One read rate limit for every disk this reader reads. */
    private final ReadPacer pacer;
    /** The read arrays of every disk this reader reads. */
    private final ReadArrays arrays;

    /**
     * @param tls     this reader's certificate and CA ({@code extent-reader-svc}); each transfer pins the
     *                sink's fingerprint from its request on top
     * @param encoder frame size and compression of the streams
     */
    public DiskReader(Vertx vertx, TlsConfig tls, EncoderOptions encoder, ReaderOptions options,
                      ReaderMetrics metrics) {
        this.vertx = vertx;
        this.tls = tls;
        this.encoder = encoder;
        this.options = options;
        this.metrics = metrics;
        this.pacer = ReadPacer.of(options.maxBytesPerSecond());
        this.arrays = new ReadArrays(options);
    }

    /** Starts reading one disk within this reader's read rate limit; see {@link DiskTransfer#result()}. */
    public DiskTransfer start(DiskReadRequest request) {
        return start(request, pacer);
    }

    /**
     * A read rate limit of {@code bytesPerSecond} (0: none) for one job's disks together, within this reader's own:
     * pass it to {@link #start(DiskReadRequest, ReadPacer)} for each of them.
     */
    ReadPacer pacerWithin(long bytesPerSecond) {
        return pacer.within(bytesPerSecond);
    }

    /** Starts reading one disk, its reads held to {@code pacer} (from {@link #pacerWithin}). */
    DiskTransfer start(DiskReadRequest request, ReadPacer pacer) {
        String pin = request.sink().fingerprint();
        TlsConfig pinned = pin == null || pin.isBlank() ? tls : tls.pinPeers(List.of(pin));
        DiskTransfer transfer = new DiskTransfer(vertx, request, SenderOptions.of(pinned).withEncoder(encoder),
                options, metrics, pacer, arrays);
        transfer.start();
        return transfer;
    }

    /** The read options of this reader. */
    public ReaderOptions options() {
        return options;
    }
}
