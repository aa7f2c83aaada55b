package io.vmferry.testkit.kafka;

import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.EventHandler;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.bus.service.VmferryService;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One service started on a test broker for an integration test, with the test's own publisher and a subscriber (a
 * consumer group of its own) to the events the test follows; closing stops the service and its Vert.x.
 */
public final class ServiceOnBus implements AutoCloseable {
    private final Vertx vertx;
    private final ServiceRunner runner;
    private final EventPublisher publisher;

    private ServiceOnBus(Vertx vertx, ServiceRunner runner, EventPublisher publisher) {
        this.vertx = vertx;
        this.runner = runner;
        this.publisher = publisher;
    }

    /** Starts {@code service} with {@code config} on {@code kafka}; {@code handler} gets the events it follows. */
    public static ServiceOnBus start(TestKafka kafka, VmferryService service, VmferryConfig config,
                                     List<EventType> follow, EventHandler handler) throws Exception {
        BusOptions bus = kafka.bus(2);
        TopicSetup.ensureTopics(bus);
        Vertx vertx = Vertx.vertx();
        ServiceRunner runner = new ServiceRunner(vertx);
        ServiceOnBus started = new ServiceOnBus(vertx, runner, EventPublisher.create(vertx, bus, "test"));
        try {
            runner.start(service, config, bus, false).await(60, TimeUnit.SECONDS);
            EventSubscriber.start(vertx, bus, service.name() + "-it-" + UUID.randomUUID(), follow, handler,
                    started.publisher, null).await(30, TimeUnit.SECONDS);
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /** The Vert.x the service runs on. */
    public Vertx vertx() {
        return vertx;
    }

    /** The test's publisher (source {@code test}). */
    public EventPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() throws Exception {
        try {
            runner.stopAll().await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
