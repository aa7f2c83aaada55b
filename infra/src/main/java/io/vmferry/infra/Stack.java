package io.vmferry.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.broker.EmbeddedBroker;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.bus.service.VmferryService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The whole suite in this JVM: the embedded broker (unless a bootstrap is configured), the
 * topics, and every service. Each service runs on its own Vert.x instance, as it would in its own
 * process: its event loops are its own, so the extent reader and the sink it streams to never share
 * one thread (with one shared instance they did whenever the round-robin put both on the same
 * loop, and a backup then ran on one core). Closing stops the services, newest first, then the broker.
 * The stack closes itself the same way when the JVM shuts down (SIGTERM, Ctrl-C): one shutdown hook for the
 * whole, so snapshots in progress are released and consumers leave their groups before the broker goes.
 */
public final class Stack implements AutoCloseable {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(Stack.class);
    private final EmbeddedBroker broker;
    private final BusOptions bus;
    private final List<Running> running;
    private final SessionCerts certs;
    private final Thread hook = new Thread(this::close, "vmferry-stack-stop");
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch down = new CountDownLatch(1);

    /** One service's Vert.x instance and the runner that started the service on it. */
    private record Running(Vertx vertx, ServiceRunner runner) {
        Future<Void> stop() {
            return runner.stopAll().eventually(vertx::close);
        }
    }

    private Stack(EmbeddedBroker broker, BusOptions bus, List<Running> running, SessionCerts certs) {
        this.certs = certs;
        this.broker = broker;
        this.bus = bus;
        this.running = running;
        Runtime.getRuntime().addShutdownHook(hook);
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
        List<Running> running = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            broker = config.bus().embedded() ? EmbeddedBroker.start(config.bus().partitions(), false) : null;
            long t1 = System.nanoTime();
            BusOptions bus = config.bus().options(broker != null ? broker.bootstrapServers()
                    : config.bus().bootstrapServers());
            TopicSetup.ensureTopics(bus);
            long t2 = System.nanoTime();
            for (Supplier<VmferryService> s : services) {
                Vertx vertx = Vertx.vertx();
                Running r = new Running(vertx, new ServiceRunner(vertx));
                running.add(r);
                r.runner().start(s.get(), cfg, bus, longLived).await(60, TimeUnit.SECONDS);
            }
            LOGGER.debug("stack up: broker {} ms, topics {} ms, services {} ms", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return new Stack(broker, bus, running, certs);
        } catch (Exception e) {
            stopAll(running);
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

    public List<ServiceRunner.Started> services() {
        return running.stream().flatMap(r -> r.runner().started().stream()).toList();
    }

    /** True when this stack runs its own broker. */
    public boolean embeddedBroker() {
        return broker != null;
    }

    public long brokerPid() {
        return broker == null ? -1 : broker.pid();
    }

    /** Blocks until the stack is closed, by {@link #close()} or at JVM shutdown. */
    public void awaitClosed() throws InterruptedException {
        down.await();
    }

    /** Stops the services, newest first, then the broker; a second call waits for the first. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                down.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) close() itself
            }
        }
        long t0 = System.nanoTime();
        try {
            stopAll(running);
            if (!running.isEmpty()) {
                LOGGER.info("services stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                    LOGGER.info("embedded broker stopped");
                }
                if (certs != null) {
                    certs.close();
                }
            } finally {
                down.countDown();
            }
            LOGGER.debug("stack down in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Stops the services newest first, each within the shared 30 s, best effort: the broker must still go. */
    private static void stopAll(List<Running> running) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).stop().await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                LOGGER.debug("service stop: {}", e.getMessage());
            }
        }
    }
}
