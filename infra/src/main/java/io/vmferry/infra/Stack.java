package io.vmferry.infra;

import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.broker.EmbeddedBroker;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.bus.service.VmferryService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The whole suite in this JVM: the embedded broker (unless a bootstrap is configured), the
 * topics, and every service. Closing stops the services, then the broker.
 */
public final class Stack implements AutoCloseable {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(Stack.class);
    private final EmbeddedBroker broker;
    private final BusOptions bus;
    private final Vertx vertx;
    private final ServiceRunner runner;

    private final SessionCerts certs;

    private Stack(EmbeddedBroker broker, BusOptions bus, Vertx vertx, ServiceRunner runner, SessionCerts certs) {
        this.certs = certs;
        this.broker = broker;
        this.bus = bus;
        this.vertx = vertx;
        this.runner = runner;
    }

    /** Starts the bus (embedded when not configured) without services: a client session. */
    public static Stack busOnly(VmferryConfig config) {
        return start(config, List.of(), false);
    }

    /** Starts the bus and the given services; {@code longLived} turns on their health/metrics endpoints. */
    public static Stack start(VmferryConfig config, List<Supplier<VmferryService>> services, boolean longLived) {
        SessionCerts certs = services.isEmpty() ? null : SessionCerts.forConfig(config);
        VmferryConfig cfg = certs == null ? config : certs.apply(config);
        EmbeddedBroker broker = null;
        Vertx vertx = null;
        long t0 = System.nanoTime();
        try {
            broker = config.bus().embedded() ? EmbeddedBroker.start(config.bus().partitions()) : null;
            long t1 = System.nanoTime();
            BusOptions bus = config.bus().options(broker != null ? broker.bootstrapServers()
                    : config.bus().bootstrapServers());
            TopicSetup.ensureTopics(bus);
            long t2 = System.nanoTime();
            vertx = Vertx.vertx();
            ServiceRunner runner = new ServiceRunner(vertx);
            for (Supplier<VmferryService> s : services) {
                runner.start(s.get(), cfg, bus, longLived).await(60, TimeUnit.SECONDS);
            }
            LOGGER.debug("stack up: broker {} ms, topics {} ms, services {} ms", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return new Stack(broker, bus, vertx, runner, certs);
        } catch (Exception e) {
            if (vertx != null) {
                vertx.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (certs != null) {
                certs.close();
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    public BusOptions bus() {
        return bus;
    }

    public Vertx vertx() {
        return vertx;
    }

    public List<ServiceRunner.Started> services() {
        return runner.started();
    }

    /** True when this stack runs its own broker. */
    public boolean embeddedBroker() {
        return broker != null;
    }

    public long brokerPid() {
        return broker == null ? -1 : broker.pid();
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        try {
            runner.stopAll().eventually(vertx::close).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // services stop best effort; the broker must still go
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (certs != null) {
                certs.close();
            }
            LOGGER.debug("stack down in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
