package io.vmferry.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;

/** Publishes envelopes to the topic of their type, keyed by VM key. */
public final class EventPublisher {
    private final KafkaProducer<String, String> producer;
    private final String source;

    private EventPublisher(KafkaProducer<String, String> producer, String source) {
        this.producer = producer;
        this.source = source;
    }

    /** A publisher whose events name {@code source} as their emitter. */
    public static EventPublisher create(Vertx vertx, BusOptions bus, String source) {
        return new EventPublisher(KafkaProducer.create(vertx, bus.producerConfig(source + "-producer")), source);
    }

    public String source() {
        return source;
    }

    /** Publishes a new event of {@code type} with {@code payload}. */
    public Future<Envelope> publish(EventType type, String jobId, String vmKey, Object payload) {
        Envelope envelope = Envelope.create(type, jobId, vmKey, source, payload);
        return publish(envelope).map(envelope);
    }

    /** Publishes an existing envelope to the topic of its type. */
    public Future<RecordMetadata> publish(Envelope envelope) {
        EventType type = EventType.ofType(envelope.type());
        if (type == null) {
            return Future.failedFuture(new MalformedEventException("unknown event type '" + envelope.type() + "'"));
        }
        return producer.send(KafkaProducerRecord.create(type.topic(), envelope.key(), Events.encode(envelope)));
    }

    /** Publishes raw text to a topic (dead-letter records, tests). */
    public Future<RecordMetadata> publishRaw(String topic, String key, String value) {
        return producer.send(KafkaProducerRecord.create(topic, key, value));
    }

    public Future<Void> close() {
        return producer.close();
    }
}
