package io.vmferry.bus.service;

import io.vertx.core.Future;

/**
 * One vmferry service: a consumer group with its handlers. Implementations are run alone by
 * {@link ServiceMain} or together by the stack.
 */
public interface VmferryService {

    /** Short name: {@code inventory}, {@code snapshot}, ...; the consumer group is {@code vmferry-<name>}. */
    String name();

    /** Port of the health/metrics endpoint when running as a long-lived service. */
    int defaultHttpPort();

    /** Subscribes and starts handling; completes once the service is ready. */
    Future<Void> start(ServiceContext context);

    /** True while the service can do its work (its subscriptions are live). */
    boolean healthy();

    Future<Void> stop();

    /** The consumer group of this service. */
    default String group() {
        return "vmferry-" + name();
    }
}
