package io.vmferry.bus;

import io.vertx.core.Future;

/**
 * Handles one decoded event. The returned future completes when the event has been accepted
 * (long work such as a backup continues after it and reports through its own events); a
 * failed future is logged and counted but the consumer goes on.
 */
@FunctionalInterface
public interface EventHandler {
    Future<?> handle(Envelope event);
}
