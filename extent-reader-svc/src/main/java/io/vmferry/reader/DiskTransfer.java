package io.vmferry.reader;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdClientPool;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vmferry.stream.api.transport.StreamSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One disk on its way: connect to the NBD export, map it, stream the extents to the sink, wait for
 * the sink's acknowledgement (whose SHA-256 the sender checks against its own), close both
 * connections whatever happened. Runs on its own event loop; {@link #cancel} may be called from anywhere.
 */
public final class DiskTransfer {
    private static final Logger LOGGER = LoggerFactory.getLogger(DiskTransfer.class);
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final DiskReadRequest request;
    private final SenderOptions senderOptions;
    private final ReaderOptions options;
    private final ReaderMetrics metrics;
    private final TransferCounters counters;
    private final Promise<DiskReadResult> result = Promise.promise();
    private final String log;
    private NbdClient nbd;
    private final ReadPacer pacer;
    private final ReadArrays arrays;
    private ExtentSource source;
    private StreamSender sender;
    private Throwable cancelled;
    private long startNanos;
    private long watchdog = -1;

    DiskTransfer(Vertx vertx, DiskReadRequest request, SenderOptions senderOptions, ReaderOptions options,
                 ReaderMetrics metrics, ReadPacer pacer, ReadArrays arrays) {
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.request = request;
        this.senderOptions = senderOptions;
        this.options = options;
        this.metrics = metrics;
        this.pacer = pacer;
        this.arrays = arrays;
        this.counters = new TransferCounters(metrics);
        this.log = request.logContext();
    }

    /** Completes after the sink acknowledged the stream, or fails with a {@link DiskReadException}. */
    public Future<DiskReadResult> result() {
        return result.future();
    }

    /** Live byte counters (progress). */
    public TransferCounters counters() {
        return counters;
    }

    /** What is being read. */
    public DiskReadRequest request() {
        return request;
    }

    /** Stops the transfer: the result fails (as cancelled) and both connections are closed. */
    public void cancel(String reason) {
        context.runOnContext(v -> abort(new TransferCancelledException(reason)));
    }

    void start() {
        context.runOnContext(v -> {
            startNanos = System.nanoTime();
            Future.<Void>succeededFuture().compose(v2 -> run())
                    .eventually(this::closeAll)
                    .onComplete(ar -> context.runOnContext(v3 -> finish(ar)));
        });
    }

    private Future<DiskReadResult> run() {
        ExportInfo export = request.disk().export();
        return NbdClientPool.connect(vertx, options.nbdOptions(export, request.level()), options.nbdConnections())
                .compose(client -> {
                    nbd = client;
                    return checkCancelled().compose(v -> plan(client, export));
                })
                .compose(plan -> checkCancelled().compose(v -> stream(plan)))
                .map(this::toResult);
    }

    private Future<List<PlannedRange>> plan(NbdClient client, ExportInfo export) {
        long size = client.export().size();
        if (request.disk().virtualSize() > 0 && request.disk().virtualSize() != size) {
            LOGGER.warn("{} export is {} bytes, the snapshot said {}: reading the export", log, size,
                    request.disk().virtualSize());
        }
        return ExtentPlanner.query(client, request.level(), export.bitmapContext(), size);
    }

    private Future<StreamAck> stream(List<PlannedRange> plan) {
        long size = nbd.export().size();
        StreamHeader header = header(size);
        long toRead = ExtentPlanner.readBytes(plan);
        counters.total(toRead);
        LOGGER.info("{} reading {} {} bytes to read of {} ({} ranges) -> sink {}:{}", log, request.level().label(),
                toRead, size, plan.size(), request.sink().host(), request.sink().port());
        source = new ExtentSource(vertx, nbd, plan, options,
                request.level() == BackupLevel.FULL ? FrameType.HOLE : FrameType.ZERO,
                senderOptions.encoder().maxDataFrameBytes(), counters, pacer, arrays);
        sender = new StreamSender(vertx, senderOptions);
        long limit = options.readTimeout().toMillis();
        watchdog = vertx.setPeriodic(Math.max(100, limit / 4), id -> {
            if (source.stalledMillis() > limit) {
                abort(new ReadTimeoutException("sink " + request.sink().host() + ":" + request.sink().port()
                        + " took no data for " + limit / 1000.0 + " s"));
            }
        });
        return sender.send(request.sink().host(), request.sink().port(), header, source);
    }

    private StreamHeader header(long size) {
        ExportInfo export = request.disk().export();
        boolean full = request.level() == BackupLevel.FULL;
        JsonObject metadata = new JsonObject().put("checkpoint", request.checkpoint())
                .put("format", request.disk().format()).put("bitmapContext", full ? null : export.bitmapContext());
        return new StreamHeader(request.jobId() != null ? request.jobId() : request.checkpoint(), request.vmKey(),
                request.disk().name(), size, request.level(), full ? null : request.parentPoint(),
                full ? 0 : (int) export.granularity(), Instant.now(), metadata.encode());
    }

    private DiskReadResult toResult(StreamAck ack) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new DiskReadResult(request.disk().name(), nbd.export().size(), counters.bytesRead(), ack.bytes(),
                seconds, ack.sha256());
    }

    private Future<Void> checkCancelled() {
        return cancelled == null ? Future.succeededFuture() : Future.failedFuture(cancelled);
    }

    private void abort(Throwable cause) {
        if (cancelled != null || result.future().isComplete()) {
            return;
        }
        cancelled = cause;
        if (source != null) {
            source.fail(cause);
        }
        if (sender != null) {
            sender.close();
        }
    }

    private Future<Void> closeAll() {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
        }
        List<Future<Void>> closing = new ArrayList<>();
        if (source != null) {
            source.fail(new TransferCancelledException("transfer finished"));
        }
        if (nbd != null) {
            closing.add(nbd.close().timeout(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
        if (sender != null) {
            closing.add(sender.close());
        }
        return Future.join(closing).<Void>mapEmpty().otherwiseEmpty();
    }

    private void finish(io.vertx.core.AsyncResult<DiskReadResult> ar) {
        if (ar.succeeded()) {
            DiskReadResult r = ar.result();
            metrics.completed(r.bytesSent(), Duration.ofNanos(System.nanoTime() - startNanos));
            LOGGER.info("{} done: read {} bytes, sent {} in {} s ({} MB/s{}), sha256 {}", log, r.bytesRead(),
                    r.bytesSent(), String.format("%.2f", r.seconds()),
                    String.format("%.0f", r.bytesRead() / 1e6 / Math.max(r.seconds(), 1e-3)),
                    pacer.limits() ? String.format("; %.1f s held back by the read rate limit",
                            counters.pacedNanos() / 1e9) : "", r.sha256());
            result.complete(r);
            return;
        }
        Throwable cause = cancelled != null && !(ar.cause() instanceof DiskReadException) ? cancelled : ar.cause();
        DiskReadException failure = ReadFailures.of(request.disk().name(), cause);
        metrics.failed();
        if (failure.cancelled()) {
            LOGGER.info("{} cancelled: {}", log, failure.getMessage());
        } else {
            LOGGER.warn("{} failed: {}", log, failure.getMessage());
        }
        result.fail(failure);
    }
}
