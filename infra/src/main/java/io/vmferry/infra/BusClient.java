package io.vmferry.infra;

import io.vmferry.bus.BusOptions;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.Events;
import io.vmferry.bus.MalformedEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Blocking client of the bus for the CLI and automation: publish a request, then follow the
 * answer topics from the position they had before the request was sent (so nothing is missed).
 */
public final class BusClient implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    /** Follows {@code answers}; positions are fixed now, before anything is published. */
    public BusClient(BusOptions bus, List<EventType> answers) {
        Properties p = new Properties();
        p.putAll(bus.producerConfig("vmferry-cli"));
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.putAll(bus.consumerConfig("vmferry-cli-" + ProcessHandle.current().pid(), "unused"));
        c.remove("group.id");
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> parts = new ArrayList<>();
        for (EventType t : answers) {
            consumer.partitionsFor(t.topic(), Duration.ofSeconds(30))
                    .forEach(pi -> parts.add(new TopicPartition(pi.topic(), pi.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
    }

    public void publish(Envelope event) {
        EventType type = EventType.ofType(event.type());
        try {
            producer.send(new ProducerRecord<>(type.topic(), event.key(), Events.encode(event))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type() + ": " + e.getMessage());
        }
    }

    /** The next answer accepted by {@code match}, or an exception after {@code timeout}. */
    public Envelope await(Predicate<Envelope> match, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                try {
                    Envelope e = Events.decode(r.value());
                    if (match.test(e)) {
                        return e;
                    }
                } catch (MalformedEventException ignored) {
                    // not ours to judge: services dead-letter it
                }
            }
        }
        throw new IllegalStateException("no answer to " + what + " within " + timeout.toSeconds()
                + " s (is the " + what.split(" ")[0] + " service running?)");
    }

    /** Polls once, returning every answer (for progress following). */
    public List<Envelope> poll(Duration wait) {
        List<Envelope> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            try {
                out.add(Events.decode(r.value()));
            } catch (MalformedEventException ignored) {
                // skip
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
