package io.vmferry.convert;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.MalformedEventException;
import io.vmferry.bus.events.ConversionCompleted;
import io.vmferry.bus.events.ConversionRequest;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.VmferryService;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversion service: answers each {@code conversions.requested} with one
 * {@code conversions.completed} (output size and SHA-256, or the one-line reason) after converting
 * the file on this node with {@link ImageConverter}. Requests are accepted at once and run on
 * {@value #PARALLEL} worker threads, so a long conversion never holds up the consumer. With
 * {@code tls.certs-dir} set it is also an extent-stream sink ({@link ConvertSink}).
 */
public final class ConvertService implements VmferryService {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConvertService.class);
    public static final int DEFAULT_HTTP_PORT = 9475;
    /** Conversions running at once; more requests wait in line. */
    public static final int PARALLEL = 2;
    /** Name of this service's certificate in the certificate directory. */
    public static final String CERT_NAME = "convert-svc";

    private ServiceContext ctx;
    private WorkerExecutor workers;
    private EventSubscriber subscriber;
    private ImageSink sink;
    private final ImageConverter converter = new ImageConverter();

    public static void main(String[] args) {
        ServiceMain.run(new ConvertService(), args);
    }

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public int defaultHttpPort() {
        return DEFAULT_HTTP_PORT;
    }

    @Override
    public Future<Void> start(ServiceContext context) {
        this.ctx = context;
        this.workers = context.vertx().createSharedWorkerExecutor("vmferry-convert", PARALLEL, 7, TimeUnit.DAYS);
        Path certs = context.config().tls().certsDir();
        Future<ImageSink> sinkStarted = certs == null ? Future.succeededFuture()
                : ImageSink.start(context.vertx(), SinkOptions.of(TlsConfig.fromDirectory(certs, CERT_NAME)),
                        ConvertSink::target, ConvertSink::landed);
        return sinkStarted
                .compose(s -> {
                    sink = s;
                    return EventSubscriber.start(context.vertx(), context.bus(), group(),
                            List.of(EventType.CONVERSIONS_REQUESTED), this::onEvent, context.publisher(), context.metrics());
                })
                .onSuccess(s -> {
                    subscriber = s;
                    if (sink != null) {
                        LOGGER.info("convert stream sink on {}:{}", sink.host(), sink.port());
                    }
                })
                .mapEmpty();
    }

    /** The stream sink, or null when no certificates are configured. */
    public ImageSink sink() {
        return sink;
    }

    private Future<?> onEvent(Envelope event) {
        ConversionRequest req = event.payloadAs(ConversionRequest.class);
        if (req.source() == null || req.source().isBlank() || req.target() == null || req.target().isBlank()) {
            throw new MalformedEventException("conversions.requested needs a source and a target");
        }
        ConversionSpec spec;
        try {
            spec = new ConversionSpec(Path.of(req.source()), null, Path.of(req.target()), req.format(),
                    req.options(), false);
        } catch (InvalidPathException e) {
            throw new MalformedEventException("conversions.requested: " + e.getMessage());
        }
        workers.<ConversionCompleted>executeBlocking(() -> run(event.id(), spec), false)
                .compose(answer -> ctx.publisher().publish(EventType.CONVERSIONS_COMPLETED, event.jobId(),
                        event.vmKey(), answer))
                .onFailure(e -> LOGGER.error("[{}] cannot answer conversion {}: {}", event.jobId(), event.id(), e.toString()));
        return Future.succeededFuture();
    }

    private ConversionCompleted run(String requestId, ConversionSpec spec) {
        try {
            ConversionResult r = converter.convert(spec, ProgressListener.NONE, true);
            LOGGER.info("converted {} ({}) -> {} ({}): {} bytes in {} s", r.source(), r.sourceFormat(), r.target(),
                    r.targetFormat(), r.virtualSize(), String.format("%.1f", r.seconds()));
            count("ok");
            return new ConversionCompleted(requestId, true, null, r.target().toString(), r.targetFormat(), r.virtualSize(),
                    r.outputBytes(), r.sha256(), r.seconds());
        } catch (ConvertException e) {
            LOGGER.warn("conversion {} failed: {}", requestId, e.getMessage());
            count(e.kind().name().toLowerCase(java.util.Locale.ROOT));
            return ConversionCompleted.failed(requestId, spec.target().toString(), e.getMessage());
        }
    }

    private void count(String outcome) {
        if (ctx.metrics() != null) {
            ctx.metrics().counter("vmferry.conversions", "outcome", outcome).increment();
        }
    }

    @Override
    public boolean healthy() {
        return subscriber != null && subscriber.running();
    }

    @Override
    public Future<Void> stop() {
        Future<Void> consumer = subscriber == null ? Future.succeededFuture() : subscriber.close();
        return consumer.eventually(() -> sink == null ? Future.succeededFuture() : sink.close())
                .eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
    }
}
