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
        // How long an empty poll waits at the broker (with fetch.min.bytes=1 an arriving event ends it).
        // Idle CPU of a stack (six consumer groups) + its broker, % of one core: 20 ms 15 + 16,
        // 100 ms 12 + 11, 250 ms 7 + 6, 500 ms 6 + 7; `vms` against a running stack took ~1.5 s at 20 ms,
        // ~1.75 s at 100 ms, ~2.0 s at 500 ms (a hop after the group's pause/resume can wait one poll).
        c.put("fetch.max.wait.ms", "250");
        c.put("heartbeat.interval.ms", "1000");
        // A member that died without leaving (kill -9, power loss) keeps its partitions until the broker misses its
        // heartbeats this long: with Kafka's 45 s default a stack restarted after a crash handled no job for 45 s
        // (StackCrashIT). 10 s is ten missed heartbeats, within a broker's default bounds (6 s .. 30 min).
        c.put("session.timeout.ms", "10000");
        return c;
    }

    private Map<String, String> common(String clientId) {
        Map<String, String> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("client.id", clientId);
        return c;
    }
}
