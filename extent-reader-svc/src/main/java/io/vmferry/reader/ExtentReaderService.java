package io.vmferry.reader;

import io.vertx.core.Future;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.MalformedEventException;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.SubscribingService;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the disks of a snapshot and streams them to the sink: consumes {@code extents.requested}
 * (accepting it at once and working in the background), publishes {@code jobs.progress} per disk
 * while reading and one {@code extents.completed} per request. A request for a (VM, checkpoint)
 * that is running or was done is ignored. Streams use this service's certificate
 * ({@code extent-reader-svc} in {@code tls.certs-dir}), pinned to the sink's fingerprint.
 */
public final class ExtentReaderService extends SubscribingService {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExtentReaderService.class);
    /** Port of the health/metrics endpoint when run as a long-lived service. */
    public static final int DEFAULT_HTTP_PORT = 9473;
    /** Name of this service's certificate in the certificate directory. */
    public static final String CERT_NAME = "extent-reader-svc";

    private final ReaderOptions options;
    private final JobRegistry jobs = new JobRegistry(10_000);
    private final Map<String, Future<?>> reported = new ConcurrentHashMap<>();
    private DiskReader reader;
    private String configError;

    /** A service with the default read options. */
    public ExtentReaderService() {
        this(ReaderOptions.DEFAULT);
    }

    /** A service with other read options (tests, tuning). */
    public ExtentReaderService(ReaderOptions options) {
        super("reader", DEFAULT_HTTP_PORT, EventType.EXTENTS_REQUESTED);
        this.options = options;
    }

    /** Runs the service alone: {@code [--config FILE]} (see {@link ServiceMain}). */
    public static void main(String[] args) {
        ServiceMain.run(new ExtentReaderService(), args);
    }

    @Override
    protected Future<Void> open(ServiceContext context) {
        Path certs = context.config().tls().certsDir();
        EncoderOptions encoder = EncoderOptions.DEFAULT
                .withCompression(context.config().backup().compress() ? Compression.LZ4 : Compression.NONE);
        if (certs == null) {
            configError = "tls.certs-dir is not configured: cannot authenticate to the sink";
            LOGGER.warn("{}; every read will fail", configError);
        } else {
            try {
                reader = new DiskReader(context.vertx(), TlsConfig.fromDirectory(certs, CERT_NAME), encoder,
                        options.withMaxBytesPerSecond(context.config().backup().rateLimitBytesPerSecond()),
                        new ReaderMetrics(context.metrics()));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return Future.succeededFuture();
    }

    @Override
    protected Future<?> onEvent(Envelope event) {
        ExtentsRequest req = event.payloadAs(ExtentsRequest.class);
        if (event.vmKey() == null || req.checkpoint() == null || req.checkpoint().isBlank()) {
            throw new MalformedEventException("extents.requested needs a VM key and a checkpoint");
        }
        String key = JobRegistry.key(event.vmKey(), req.checkpoint());
        if (reader == null) {
            return complete(event, new ExtentsCompleted(req.checkpoint(), false, configError, List.of()));
        }
        VmReadJob job = new VmReadJob(ctx().vertx(), reader, event.jobId(), event.vmKey(), req,
                ctx().config().backup().parallelDisks(),
                p -> ctx().publisher().publish(EventType.JOBS_PROGRESS, event.jobId(), event.vmKey(), p));
        if (!jobs.begin(key, job)) {
            LOGGER.info("job={} vm={} checkpoint={} already read or reading: event {} ignored", event.jobId(),
                    event.vmKey(), req.checkpoint(), event.id());
            return Future.succeededFuture();
        }
        Future<?> reported = job.run()
                .recover(e -> Future.succeededFuture(new ExtentsCompleted(req.checkpoint(), false,
                        "reader failed: " + e, List.of())))
                .compose(c -> complete(event, c));
        this.reported.put(key, reported);
        reported.onComplete(p -> {
            jobs.end(key);
            this.reported.remove(key);
        });
        return Future.succeededFuture();
    }

    private Future<?> complete(Envelope event, ExtentsCompleted c) {
        return ctx().publisher().publish(EventType.EXTENTS_COMPLETED, event.jobId(), event.vmKey(), c)
                .onFailure(e -> LOGGER.error("job={} vm={} checkpoint={} cannot publish extents.completed: {}",
                        event.jobId(), event.vmKey(), c.checkpoint(), e.getMessage()));
    }

    /** After consuming stopped: cancels running reads and waits (up to 30 s) until they reported. */
    @Override
    protected Future<Void> close() {
        List<Future<?>> waits = new ArrayList<>();
        jobs.running().values().forEach(j -> j.cancel("service stopped"));
        waits.addAll(reported.values());
        return Future.join(waits).timeout(30, TimeUnit.SECONDS).<Void>mapEmpty().otherwiseEmpty();
    }
}
