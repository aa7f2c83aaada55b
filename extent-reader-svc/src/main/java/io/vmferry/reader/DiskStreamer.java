package io.vmferry.reader;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vmferry.bus.events.ExportInfo;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdClientPool;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.FramePump;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.time.Instant;
import java.util.List;

/**
 * One disk read from its NBD export into a stream v1 written to any {@link WriteStream} (no TLS, no sink
 * acknowledgement): the same planning (allocation map for full, dirty bitmap for incremental/differential) and
 * read-ahead as {@link DiskReader}, for destinations that take the stream themselves, such as a Bacula bpipe
 * reader writing to stdout. The destination is not ended.
 */
public final class DiskStreamer {
    private DiskStreamer() {
    }

    /**
     * What to stream.
     *
     * @param jobId       the header's job id (the restore point id)
     * @param vmKey       {@code host/vmid}
     * @param checkpoint  the snapshot checkpoint (header metadata)
     * @param level       the level the export serves
     * @param parentPoint the point an incremental/differential builds on; null for full
     * @param disk        the disk and its export
     */
    public record Request(String jobId, String vmKey, String checkpoint, BackupLevel level, String parentPoint,
                          SnapshotDisk disk) {
    }

    /** Streams one disk; completes with the trailer (counts and SHA-256) once everything was handed to {@code out}. */
    public static Future<StreamTrailer> stream(Vertx vertx, Request request, EncoderOptions encoder,
                                               ReaderOptions options, WriteStream<Buffer> out) {
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        Promise<StreamTrailer> result = Promise.promise();
        context.runOnContext(v -> run(vertx, context, request, encoder, options, out).onComplete(result));
        return result.future();
    }

    private static Future<StreamTrailer> run(Vertx vertx, Context context, Request request, EncoderOptions encoder,
                                             ReaderOptions options, WriteStream<Buffer> out) {
        ExportInfo export = request.disk().export();
        NbdOptions nbdOptions;
        try {
            nbdOptions = options.nbdOptions(export, request.level());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return NbdClientPool.connect(vertx, nbdOptions, options.nbdConnections()).compose(nbd -> {
            long size = nbd.export().size();
            return ExtentPlanner.query(nbd, request.level(), export.bitmapContext(), size)
                    .compose(ranges -> pump(vertx, context, nbd, ranges, request, header(request, size), encoder,
                            options, out))
                    .eventually(nbd::close);
        });
    }

    private static Future<StreamTrailer> pump(Vertx vertx, Context context, NbdClient nbd, List<PlannedRange> ranges,
                                              Request request, StreamHeader header, EncoderOptions encoder,
                                              ReaderOptions options, WriteStream<Buffer> out) {
        TransferCounters counters = new TransferCounters(ReaderMetrics.detached());
        counters.total(ExtentPlanner.readBytes(ranges));
        ExtentSource source = new ExtentSource(vertx, nbd, ranges, options,
                request.level() == BackupLevel.FULL ? FrameType.HOLE : FrameType.ZERO, encoder.maxDataFrameBytes(),
                counters, ReadPacer.of(options.maxBytesPerSecond()), new ReadArrays(options));
        FramePump pump = new FramePump(context, StreamEncoder.hashingOffThread(header, encoder), source, out);
        out.exceptionHandler(pump::cancel);
        return pump.run().onComplete(ar -> source.fail(new TransferCancelledException("stream finished")));
    }

    private static StreamHeader header(Request request, long size) {
        ExportInfo export = request.disk().export();
        boolean full = request.level() == BackupLevel.FULL;
        JsonObject metadata = new JsonObject().put("checkpoint", request.checkpoint())
                .put("format", request.disk().format()).put("bitmapContext", full ? null : export.bitmapContext());
        return new StreamHeader(request.jobId(), request.vmKey(), request.disk().name(), size, request.level(),
                full ? null : request.parentPoint(), full ? 0 : (int) export.granularity(), Instant.now(),
                metadata.encode());
    }
}
