package io.vmferry.bus;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member for a set of event types. Records are handled one at a time in
 * partition order; malformed ones go to {@code <topic>.dlq} with the reason, duplicates (by event
 * id) are skipped, and the offset is committed after each record. Starting a second subscriber
 * with the same group splits the partitions between them.
 */
public final class EventSubscriber {
    private static final Logger LOGGER = LoggerFactory.getLogger(EventSubscriber.class);

    private final KafkaConsumer<String, String> consumer;
    private final EventPublisher dlq;
    private final EventHandler handler;
    private final SeenEvents seen = new SeenEvents(10_000);
    private final MeterRegistry metrics;
    private final String group;
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    private EventSubscriber(Vertx vertx, BusOptions bus, String group, EventHandler handler,
                            EventPublisher dlq, MeterRegistry metrics) {
        this.group = group;
        this.handler = handler;
        this.dlq = dlq;
        this.metrics = metrics;
        this.consumer = KafkaConsumer.create(vertx, bus.consumerConfig(group + "-" + System.nanoTime(), group));
    }

    /** Joins {@code group} on the topics of {@code types}; completes once subscribed. */
    public static Future<EventSubscriber> start(Vertx vertx, BusOptions bus, String group, List<EventType> types,
                                                EventHandler handler, EventPublisher dlq, MeterRegistry metrics) {
        EventSubscriber s = new EventSubscriber(vertx, bus, group, handler, dlq, metrics);
        s.consumer.handler(s::onRecord);
        s.consumer.exceptionHandler(e -> LOGGER.warn("[{}] consumer error: {}", group, e.toString()));
        s.consumer.partitionsAssignedHandler(s.assigned::addAll);
        s.consumer.partitionsRevokedHandler(s.assigned::removeAll);
        Set<String> topics = new java.util.LinkedHashSet<>();
        types.forEach(t -> topics.add(t.topic()));
        return s.consumer.subscribe(topics).map(v -> {
            s.running = true;
            return s;
        });
    }

    /** Partitions this member owns now. */
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assigned);
    }

    public boolean running() {
        return running;
    }

    private void onRecord(KafkaConsumerRecord<String, String> record) {
        consumer.pause();
        handleRecord(record)
                .eventually(() -> commit(record))
                .onComplete(ar -> consumer.resume());
    }

    @SuppressWarnings("unchecked")
    private Future<Object> handleRecord(KafkaConsumerRecord<String, String> record) {
        Envelope event;
        try {
            event = Events.decode(record.value());
        } catch (MalformedEventException e) {
            return deadLetter(record, e.getMessage());
        }
        if (!seen.add(event.id())) {
            count("duplicate", record.topic());
            LOGGER.debug("[{}] duplicate event {} skipped", group, event.id());
            return Future.succeededFuture();
        }
        count("handled", record.topic());
        Future<Object> result;
        try {
            result = (Future<Object>) handler.handle(event);
        } catch (MalformedEventException e) {
            return deadLetter(record, e.getMessage());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.recover(e -> {
            if (e instanceof MalformedEventException) {
                return deadLetter(record, e.getMessage());
            }
            count("failed", record.topic());
            LOGGER.warn("[{}] job={} vm={} {} failed: {}", group, event.jobId(), event.vmKey(), event.type(),
                    e.getMessage());
            return Future.succeededFuture();
        });
    }

    private Future<Object> deadLetter(KafkaConsumerRecord<String, String> record, String reason) {
        count("dlq", record.topic());
        LOGGER.warn("[{}] malformed record {}-{}@{} sent to {}.dlq: {}", group, record.topic(), record.partition(),
                record.offset(), record.topic(), reason);
        JsonObject letter = new JsonObject().put("reason", reason).put("topic", record.topic())
                .put("partition", record.partition()).put("offset", record.offset())
                .put("key", record.key()).put("value", record.value()).put("group", group);
        return dlq.publishRaw(record.topic() + ".dlq", record.key(), letter.encode()).map(m -> m);
    }

    private Future<?> commit(KafkaConsumerRecord<String, String> record) {
        return consumer.commit(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, "")));
    }

    private void count(String outcome, String topic) {
        if (metrics != null) {
            metrics.counter("vmferry.events", "group", group, "topic", topic, "outcome", outcome).increment();
        }
    }

    public Future<Void> close() {
        running = false;
        return consumer.close();
    }
}
