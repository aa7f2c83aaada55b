package io.vmferry.bus.config;

import io.vmferry.bus.BusOptions;

/**
 * The Kafka bus. An empty {@code bootstrap-servers} means: start the embedded broker.
 *
 * @param partitions partitions per vmferry topic when vmferry creates them
 */
public record BusConfig(String bootstrapServers, Integer partitions) {
    public BusConfig {
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
        partitions = partitions == null ? BusOptions.DEFAULT_PARTITIONS : partitions;
        if (partitions < 1 || partitions > 1000) {
            throw new ConfigException("bus.partitions must be 1..1000, not " + partitions);
        }
    }

    public static BusConfig defaults() {
        return new BusConfig(null, null);
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** Bus options for a resolved bootstrap (the configured one or the embedded broker's). */
    public BusOptions options(String bootstrap) {
        return new BusOptions(bootstrap, partitions);
    }
}
