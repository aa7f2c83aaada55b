package io.vmferry.bus.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.config.VmferryConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services on one Vert.x instance, each with its publisher, metrics registry and (when a
 * port is configured or {@code longLived}) its health/metrics endpoint; stops them in reverse order.
 */
public final class ServiceRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceRunner.class);

    private final Vertx vertx;
    private final List<Runnable> stops = new ArrayList<>();
    private final List<Future<Void>> stopFutures = new ArrayList<>();
    private final List<Started> started = new ArrayList<>();

    /** A running service and its endpoint port (-1 when off). */
    public record Started(VmferryService service, int httpPort) {
    }

    public ServiceRunner(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts {@code service}; {@code longLived} turns on its endpoint at its default port unless configured. */
    public Future<Started> start(VmferryService service, VmferryConfig config, BusOptions bus, boolean longLived) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.config().commonTags("service", service.name());
        EventPublisher publisher = EventPublisher.create(vertx, bus, service.name() + "-svc");
        ServiceContext ctx = new ServiceContext(vertx, config, bus, publisher, metrics);
        Integer configured = config.service(service.name()).httpPort();
        int port = configured != null ? configured : longLived ? service.defaultHttpPort() : -1;
        return service.start(ctx).compose(v -> port < 0 ? Future.succeededFuture((HealthEndpoint) null)
                        : HealthEndpoint.start(vertx, service.name(), port, service::healthy, metrics))
                .map(endpoint -> {
                    synchronized (this) {
                        stops.add(() -> stopFutures.add(service.stop()
                                .compose(v -> endpoint == null ? Future.succeededFuture() : endpoint.close())
                                .eventually(publisher::close)));
                    }
                    Started s = new Started(service, endpoint == null ? -1 : endpoint.port());
                    started.add(s);
                    LOGGER.info("{} service started{}", service.name(),
                            endpoint == null ? "" : " (health/metrics on 127.0.0.1:" + endpoint.port() + ")");
                    return s;
                });
    }

    public synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /** Stops every started service, newest first. */
    public synchronized Future<Void> stopAll() {
        for (int i = stops.size() - 1; i >= 0; i--) {
            stops.get(i).run();
        }
        stops.clear();
        return Future.join(stopFutures).mapEmpty();
    }
}
