package io.vmferry.testkit.kafka;

import io.vmferry.bus.BusOptions;

/**
 * The broker a test talks to: a real Kafka, whichever way it was provided.
 *
 * @param bootstrapServers where to connect
 * @param kind             {@code external}, {@code testcontainers} or {@code embedded}
 */
public record TestKafka(String bootstrapServers, String kind) {

    /** Bus options with the given partition count per topic. */
    public BusOptions bus(int partitions) {
        return new BusOptions(bootstrapServers, partitions);
    }

    public BusOptions bus() {
        return bus(BusOptions.DEFAULT_PARTITIONS);
    }
}
