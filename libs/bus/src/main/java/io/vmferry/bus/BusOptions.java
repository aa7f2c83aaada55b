package io.vmferry.bus;

import java.util.HashMap;
import java.util.Map;

/**
 * How to reach the bus.
 *
 * @param bootstrapServers Kafka bootstrap list, {@code host:port[,host:port]}
 * @param partitions       partitions per topic when vmferry creates its topics
 */
public record BusOptions(String bootstrapServers, int partitions) {
    public static final int DEFAULT_PARTITIONS = 6;

    public BusOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bus bootstrap servers are empty");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("bus partitions must be 1..1000, not " + partitions);
        }
    }

    public BusOptions(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_PARTITIONS);
    }

    /** Kafka producer settings: idempotent, acks=all, small linger for control events. */
    public Map<String, String> producerConfig(String clientId) {
        Map<String, String> c = common(clientId);
        c.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        c.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        c.put("acks", "all");
        c.put("enable.idempotence", "true");
        c.put("linger.ms", "0");
        return c;
    }

    /** Kafka consumer settings for a group; offsets are committed by vmferry after handling. */
    public Map<String, String> consumerConfig(String clientId, String groupId) {
        Map<String, String> c = common(clientId);
        c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        c.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        c.put("group.id", groupId);
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "earliest");
        c.put("max.poll.records", "50");
        // Long polls: with fetch.min.bytes=1 the broker answers as soon as an event arrives, so the wait
        // only bounds an empty poll. A 20 ms wait made the idle suite (six consumer groups) burn a third
        // of a core between the stack and the broker (19 % + 14 % -> 5 % + 6 % at 500 ms), and on a
        // loaded 2-core box `vms` took 11-22 s instead of 2 s.
        c.put("fetch.max.wait.ms", "500");
        c.put("heartbeat.interval.ms", "1000");
        return c;
    }

    private Map<String, String> common(String clientId) {
        Map<String, String> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("client.id", clientId);
        return c;
    }
}
