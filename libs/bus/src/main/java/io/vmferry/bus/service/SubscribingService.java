package io.vmferry.bus.service;

import io.vertx.core.Future;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import java.util.List;

/**
 * The shape every vmferry service shares: a name and endpoint port, resources opened before it
 * subscribes ({@link #open}), one consumer-group subscription to its event types, health = the
 * subscription is live and {@link #ready()}, and stop = unsubscribe, then {@link #close()}.
 */
public abstract class SubscribingService implements VmferryService {
    private final String name;
    private final int httpPort;
    private final List<EventType> topics;
    private ServiceContext ctx;
    private EventSubscriber subscriber;

    protected SubscribingService(String name, int defaultHttpPort, EventType... topics) {
        this.name = name;
        this.httpPort = defaultHttpPort;
        this.topics = List.of(topics);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int defaultHttpPort() {
        return httpPort;
    }

    /** The context given at start (null before). */
    protected final ServiceContext ctx() {
        return ctx;
    }

    /** Opens what the service needs before events arrive (sinks, clients); fails the start on error. */
    protected Future<Void> open(ServiceContext context) {
        return Future.succeededFuture();
    }

    /** Handles one event of the subscribed types (see {@link io.vmferry.bus.EventHandler}). */
    protected abstract Future<?> onEvent(Envelope event);

    /** Releases what {@link #open} opened; called after unsubscribing. */
    protected Future<Void> close() {
        return Future.succeededFuture();
    }

    /** Extra health condition beyond a live subscription. */
    protected boolean ready() {
        return true;
    }

    @Override
    public final Future<Void> start(ServiceContext context) {
        this.ctx = context;
        Future<Void> opened;
        try {
            opened = open(context);
        } catch (RuntimeException e) {
            opened = Future.failedFuture(e);
        }
        if (topics.isEmpty()) {
            return opened;
        }
        return opened.compose(v -> EventSubscriber.start(context.vertx(), context.bus(), group(), topics,
                        this::onEvent, context.publisher(), context.metrics()))
                .onSuccess(s -> subscriber = s).mapEmpty();
    }

    @Override
    public boolean healthy() {
        return (topics.isEmpty() || subscriber != null && subscriber.running()) && ready();
    }

    @Override
    public final Future<Void> stop() {
        Future<Void> unsubscribed = subscriber == null ? Future.succeededFuture() : subscriber.close();
        return unsubscribed.eventually(this::close);
    }
}
