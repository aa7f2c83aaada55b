package io.vmferry.receiver;

import io.vertx.core.Future;
import io.vmferry.bus.config.ConfigException;
import io.vmferry.bus.config.ReceiverConfig;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.VmferryService;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamSinkServer;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DR receiver, receiving side: a mutual-TLS stream sink ({@code receiver.port}) whose streams
 * keep an up-to-date replica of each replicated VM disk under {@code receiver.path} (see
 * {@link ReplicaStore}). Healthy while the sink listens and the replica directory is writable.
 * Needs {@code tls.certs-dir} (certificate {@value #CERT_NAME}).
 */
public final class ReceiverService implements VmferryService {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiverService.class);
    /** Port of the health/metrics endpoint when running long-lived. */
    public static final int DEFAULT_HTTP_PORT = 9474;
    /** Name of this service's certificate in the certificate directory. */
    public static final String CERT_NAME = "dr-receiver-svc";

    private volatile StreamSinkServer sink;
    private volatile ReplicaStore store;

    /** Runs the service alone against a configured Kafka ({@code [--config FILE]}). */
    public static void main(String[] args) {
        ServiceMain.run(new ReceiverService(), args);
    }

    @Override
    public String name() {
        return "receiver";
    }

    @Override
    public int defaultHttpPort() {
        return DEFAULT_HTTP_PORT;
    }

    @Override
    public Future<Void> start(ServiceContext ctx) {
        ReceiverConfig cfg = ctx.config().receiver();
        Path certs = ctx.config().tls().certsDir();
        TlsConfig tls;
        try {
            if (certs == null) {
                throw new ConfigException("tls.certs-dir is not set: the receiver's stream sink needs certificates"
                        + " (create them with 'vmferry certs init DIR')");
            }
            tls = TlsConfig.fromDirectory(certs, CERT_NAME);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return ctx.vertx().executeBlocking(() -> ReplicaStore.open(cfg.path(), Clock.systemUTC()), false)
                .compose(s -> {
                    store = s;
                    return StreamSinkServer.start(ctx.vertx(), SinkOptions.of(tls).withPort(cfg.port()),
                            peer -> new ReplicaReceiver(ctx.vertx(), s, peer, ctx.metrics()));
                })
                .onSuccess(s -> {
                    sink = s;
                    LOGGER.info("receiver keeping replicas in {}, stream sink {}:{}", cfg.path(), s.host(), s.port());
                })
                .mapEmpty();
    }

    /** The port streams are sent to (-1 before the service started). */
    public int sinkPort() {
        StreamSinkServer s = sink;
        return s == null ? -1 : s.port();
    }

    /** The replica store (null before the service started). */
    public ReplicaStore store() {
        return store;
    }

    @Override
    public boolean healthy() {
        ReplicaStore s = store;
        return sink != null && s != null && Files.isWritable(s.layout().root());
    }

    @Override
    public Future<Void> stop() {
        StreamSinkServer s = sink;
        sink = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
