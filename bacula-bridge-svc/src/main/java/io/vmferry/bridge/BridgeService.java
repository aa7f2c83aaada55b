package io.vmferry.bridge;

import io.vertx.core.Future;
import io.vmferry.bridge.repo.LevelPlan;
import io.vmferry.bridge.repo.LocalDestination;
import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.MalformedEventException;
import io.vmferry.bus.config.ConfigException;
import io.vmferry.bus.events.ExtentsCompleted;
import io.vmferry.bus.events.ExtentsRequest;
import io.vmferry.bus.events.PointStored;
import io.vmferry.bus.events.SinkAddress;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.SubscribingService;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.DigestCheck;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.pki.Fingerprints;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamSinkServer;
import io.vmferry.stream.api.transport.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup-destination service, local repository side: for every {@code snapshots.ready} whose
 * destination is {@value #DESTINATION} it plans the point (level and parent from the repository),
 * registers the expected disks and publishes {@code extents.requested} with the address and
 * certificate fingerprint of its one mutual-TLS stream sink; the streams land in the repository and
 * {@code points.stored} reports the outcome. {@code extents.completed} with {@code ok=false} gives up
 * the VM's session. The {@code verify} and {@code prune} jobs of {@code jobs.requested} work on the same repository
 * ({@link RepositoryJobs}). Needs {@code tls.certs-dir} (certificate {@value #CERT_NAME}).
 */
public final class BridgeService extends SubscribingService {
    private static final Logger LOGGER = LoggerFactory.getLogger(BridgeService.class);
    /** Port of the health/metrics endpoint when running long-lived. */
    public static final int DEFAULT_HTTP_PORT = 9476;
    /** The {@code destination} of the snapshots this service stores. */
    public static final String DESTINATION = "local";
    /** Name of this service's certificate in the certificate directory. */
    public static final String CERT_NAME = "bacula-bridge-svc";

    private LocalDestination destination;
    private StreamSinkServer sink;
    private SinkAddress address;
    private RepositoryJobs jobs;
    private AfterStored afterStored;

    public BridgeService() {
        super("bridge", DEFAULT_HTTP_PORT, EventType.SNAPSHOTS_READY, EventType.EXTENTS_COMPLETED,
                EventType.JOBS_REQUESTED);
    }

    /** Runs the service alone against a configured Kafka ({@code [--config FILE]}). */
    public static void main(String[] args) {
        ServiceMain.run(new BridgeService(), args);
    }

    @Override
    protected Future<Void> open(ServiceContext context) {
        Path certs = context.config().tls().certsDir();
        TlsConfig tls;
        String fingerprint;
        try {
            if (certs == null) {
                throw new ConfigException("tls.certs-dir is not set: the bridge's stream sink needs certificates"
                        + " (create them with 'vmferry certs init DIR')");
            }
            tls = TlsConfig.fromDirectory(certs, CERT_NAME);
            fingerprint = fingerprint(certs.resolve(CERT_NAME + ".crt"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        LocalRepository repo = LocalRepository.open(context.config().repository().path());
        RepositoryQueue queue = new RepositoryQueue(context.vertx());
        jobs = new RepositoryJobs(context.vertx(), repo, context.publisher(),
                context.config().repository().restoreDirs(), queue);
        afterStored = new AfterStored(queue, repo, context.config().repository(), context.metrics(),
                context.publisher());
        Future<Void> swept = context.vertx().executeBlocking(() -> {
            for (LocalRepository.Abandoned a : repo.removeAbandoned()) {
                LOGGER.warn("[{}] removed point {}: its receiver (process {}) ended before committing it, {} bytes "
                        + "freed", a.vmKey(), a.pointId(), a.receiverPid(), a.bytes());
            }
            return null;
        }, false);
        EncoderOptions storage = EncoderOptions.DEFAULT.withCompression(
                context.config().backup().compress() ? Compression.LZ4 : Compression.NONE);
        destination = new LocalDestination(context.vertx(), repo, storage,
                Duration.ofSeconds(context.config().backup().jobTimeoutSeconds()), this::publishStored);
        return swept.recover(e -> {
                    LOGGER.warn("looking for points abandoned in {} failed: {}", repo.root(), e.getMessage());
                    return Future.succeededFuture();
                })
                .compose(v -> StreamSinkServer.start(context.vertx(), sinkOptions(context, tls), destination::receiver))
                .onSuccess(s -> {
                    sink = s;
                    address = new SinkAddress(s.host(), s.port(), fingerprint);
                    LOGGER.info("bridge storing '{}' backups in {}, stream sink {}:{}", DESTINATION, repo.root(),
                            address.host(), address.port());
                })
                .mapEmpty();
    }

    /**
     * The sink stores streams as they arrive: each frame's CRC-32C, the order and the counts are checked here, the
     * content SHA-256 is carried into the repository and checked by every read of the stream (restore,
     * {@code vmferry verify}), unless {@code repository.verify-on-receive} asks for it here too.
     */
    private static SinkOptions sinkOptions(ServiceContext context, TlsConfig tls) {
        boolean verify = context.config().repository().verifyOnReceive();
        return SinkOptions.of(tls).withDigestCheck(verify ? DigestCheck.VERIFY : DigestCheck.CARRY);
    }

    /** Where readers send streams (null before the service started). */
    public SinkAddress sinkAddress() {
        return address;
    }

    @Override
    protected Future<?> onEvent(Envelope e) {
        return switch (EventType.ofType(e.type())) {
            case SNAPSHOTS_READY -> onSnapshot(e, e.payloadAs(SnapshotReady.class));
            case EXTENTS_COMPLETED -> {
                ExtentsCompleted c = e.payloadAs(ExtentsCompleted.class);
                destination.completed(e.vmKey(), c.checkpoint(), c.ok(), c.error());
                yield Future.succeededFuture();
            }
            case JOBS_REQUESTED -> jobs.onRequest(e);
            default -> Future.succeededFuture();
        };
    }

    private Future<?> onSnapshot(Envelope e, SnapshotReady ready) {
        if (!DESTINATION.equals(ready.destination())) {
            return Future.succeededFuture();
        }
        if (e.vmKey() == null || ready.checkpoint() == null) {
            throw new MalformedEventException("snapshots.ready without a VM key or checkpoint");
        }
        // the readers put the event's job id in each stream header; a job-less snapshot uses its checkpoint
        String jobId = e.jobId() != null ? e.jobId() : ready.checkpoint();
        return destination.open(jobId, e.vmKey(), ready).transform(ar -> {
            if (ar.failed()) {
                LOGGER.warn("[{} {}] cannot store point {}: {}", jobId, e.vmKey(), ready.checkpoint(),
                        ar.cause().getMessage());
                count(false, 0);
                return ctx().publisher().publish(EventType.POINTS_STORED, e.jobId(), e.vmKey(),
                        new PointStored(ready.checkpoint(), false, ar.cause().getMessage(), null, ready.level(),
                                ready.levelReason(), null, List.of()));
            }
            return ctx().publisher()
                    .publish(EventType.EXTENTS_REQUESTED, e.jobId(), e.vmKey(), request(ready, ar.result()))
                    .onFailure(err -> destination.abort(e.vmKey(), ready.checkpoint(),
                            "cannot publish extents.requested: " + err.getMessage()));
        });
    }

    private ExtentsRequest request(SnapshotReady ready, LevelPlan plan) {
        return new ExtentsRequest(ready.checkpoint(), plan.level(), plan.parent(), address, ready.disks(),
                ready.rateLimitMib());
    }

    private void publishStored(String jobId, String vmKey, SnapshotReady snapshot, PointStored result) {
        count(result.ok(), result.disks().stream().mapToLong(d -> d.bytesStored()).sum());
        String eventJob = jobId.equals(result.checkpoint()) ? null : jobId;
        ctx().publisher().publish(EventType.POINTS_STORED, eventJob, vmKey, result)
                .onFailure(err -> LOGGER.error("[{} {}] cannot publish points.stored: {}", jobId, vmKey,
                        err.getMessage()));
        if (result.ok()) {
            afterStored.follow(jobId, vmKey, result.pointId(), snapshot.prune());
        }
    }

    private void count(boolean ok, long bytes) {
        ctx().metrics()
                .counter("vmferry.bridge.points", "destination", DESTINATION, "outcome", ok ? "stored" : "failed")
                .increment();
        if (ok) {
            ctx().metrics().counter("vmferry.bridge.stored.bytes", "destination", DESTINATION).increment(bytes);
        }
    }

    @Override
    protected Future<Void> close() {
        return (sink == null ? Future.<Void>succeededFuture() : sink.close())
                .eventually(() -> destination == null ? Future.succeededFuture() : destination.close());
    }

    /** SHA-256 fingerprint ({@code AB:CD:...}) of the PEM certificate in {@code file}. */
    private static String fingerprint(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Fingerprints.sha256(CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot read the certificate " + file + ": " + e.getMessage());
        }
    }
}
