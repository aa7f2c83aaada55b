package io.vmferry.bus.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vmferry.bus.BusOptions;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.config.VmferryConfig;

/**
 * What a service gets when it starts: the Vert.x instance, the configuration, the resolved bus,
 * a publisher for its events and its metrics registry.
 */
public record ServiceContext(Vertx vertx, VmferryConfig config, BusOptions bus, EventPublisher publisher,
                             PrometheusMeterRegistry metrics) {
}
