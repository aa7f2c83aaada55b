package io.vmferry.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.TopicSetup;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bus against a real broker: DLQ, idempotency, consumer-group partition split. */
@ExtendWith(KafkaExtension.class)
class EventBusIT {
    private static final int PARTITIONS = 4;
    private Vertx vertx;
    private BusOptions bus;
    private EventPublisher publisher;
    private final String run = UUID.randomUUID().toString();

    record Ping(String run, int n) {
    }

    @BeforeEach
    void setUp(TestKafka kafka) {
        bus = kafka.bus(PARTITIONS);
        TopicSetup.ensureTopics(bus);
        vertx = Vertx.vertx();
        publisher = EventPublisher.create(vertx, bus, "test");
    }

    @AfterEach
    void tearDown() throws Exception {
        publisher.close().eventually(vertx::close).await(20, TimeUnit.SECONDS);
    }

    @Test
    void malformedEventGoesToDlqAndConsumerKeepsGoing() throws Exception {
        List<Envelope> got = new CopyOnWriteArrayList<>();
        EventSubscriber s = subscribe("dlq-" + run, e -> mine(e, got));
        publisher.publishRaw(EventType.JOBS_REQUESTED.topic(), "pve1/1", "{not json " + run).await(10, TimeUnit.SECONDS);
        publisher.publish(EventType.JOBS_REQUESTED, "j1", "pve1/1", new Ping(run, 1)).await(10, TimeUnit.SECONDS);
        waitFor(() -> got.size() == 1, "valid event after a malformed one");
        JsonObject letter = readDlq(EventType.JOBS_REQUESTED.dlqTopic(), run);
        assertTrue(letter.getString("reason").startsWith("not JSON"), letter.encode());
        assertEquals(EventType.JOBS_REQUESTED.topic(), letter.getString("topic"));
        assertEquals("dlq-" + run, letter.getString("group"));
        s.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void duplicateEventIsHandledOnce() throws Exception {
        List<Envelope> got = new CopyOnWriteArrayList<>();
        EventSubscriber s = subscribe("dup-" + run, e -> mine(e, got));
        Envelope e = Envelope.create(EventType.JOBS_REQUESTED, "j2", "pve1/2", "test", new Ping(run, 2));
        publisher.publish(e).await(10, TimeUnit.SECONDS);
        publisher.publish(e).await(10, TimeUnit.SECONDS);
        publisher.publish(EventType.JOBS_REQUESTED, "j3", "pve1/2", new Ping(run, 3)).await(10, TimeUnit.SECONDS);
        waitFor(() -> got.size() == 2, "two distinct events");
        Thread.sleep(300);
        assertEquals(List.of(2, 3), got.stream().map(x -> x.payloadAs(Ping.class).n()).toList());
        s.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void twoInstancesSplitThePartitions() throws Exception {
        Map<String, String> handledBy = new ConcurrentHashMap<>();
        String group = "split-" + run;
        EventSubscriber a = subscribe(group, e -> mark(e, handledBy, "a"));
        EventSubscriber b = subscribe(group, e -> mark(e, handledBy, "b"));
        waitFor(() -> !a.assignment().isEmpty() && !b.assignment().isEmpty()
                && a.assignment().size() + b.assignment().size() == PARTITIONS, "rebalance onto two members");
        Set<Object> overlap = new HashSet<>(a.assignment());
        overlap.retainAll(b.assignment());
        assertTrue(overlap.isEmpty(), "members share partitions " + overlap);
        for (int i = 0; i < 40; i++) {
            publisher.publish(EventType.JOBS_REQUESTED, null, "pve1/" + (100 + i), new Ping(run, i))
                    .await(10, TimeUnit.SECONDS);
        }
        waitFor(() -> handledBy.size() == 40, "all 40 events handled");
        assertTrue(handledBy.containsValue("a") && handledBy.containsValue("b"), "both members worked: " + handledBy);
        a.close().await(10, TimeUnit.SECONDS);
        b.close().await(10, TimeUnit.SECONDS);
    }

    private Future<?> mine(Envelope e, List<Envelope> got) {
        if (run.equals(e.payload().path("run").asText())) {
            got.add(e);
        }
        return Future.succeededFuture();
    }

    private Future<?> mark(Envelope e, Map<String, String> handledBy, String member) {
        if (run.equals(e.payload().path("run").asText())) {
            assertFalse(handledBy.containsKey(e.vmKey()), "handled twice: " + e.vmKey());
            handledBy.put(e.vmKey(), member);
        }
        return Future.succeededFuture();
    }

    private EventSubscriber subscribe(String group, io.vmferry.bus.EventHandler h) throws Exception {
        return EventSubscriber.start(vertx, bus, group, List.of(EventType.JOBS_REQUESTED), h, publisher, null)
                .await(20, TimeUnit.SECONDS);
    }

    private JsonObject readDlq(String topic, String marker) {
        Properties p = new Properties();
        p.putAll(bus.consumerConfig("dlq-reader", "dlq-reader-" + run));
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    JsonObject letter = new JsonObject(r.value());
                    if (letter.getString("value", "").contains(marker)) {
                        return letter;
                    }
                }
            }
        }
        throw new AssertionError("no DLQ record for " + marker);
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
