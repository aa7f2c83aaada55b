package io.vmferry.nbd.impl;

import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdException;
import io.vmferry.nbd.api.NbdOptionError;
import io.vmferry.nbd.api.NbdOptionException;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.impl.codec.NbdRequests;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.OptionReply;
import io.vmferry.nbd.impl.codec.ServerGreeting;

import java.util.ArrayList;
import java.util.List;

/**
 * The socket during the handshake: receives the greeting and option replies from the codec and runs
 * one option exchange at a time (send the option, collect replies until {@code NBD_REP_ACK} or an
 * error reply). Any protocol violation, socket error or close fails the current step.
 */
final class OptionChannel {

    /** Most replies one option may produce (export or context lists). */
    static final int MAX_REPLIES = 4096;

    private final NetSocketInternal socket;
    private final ContextInternal context;
    private final String address;
    private final Promise<ServerGreeting> greeting;
    private Exchange current;
    private NbdException failure;

    private record Exchange(int option, Promise<List<OptionReply>> promise, List<OptionReply> replies) {
    }

    OptionChannel(ContextInternal context, NetSocketInternal socket, String address) {
        this.context = context;
        this.socket = socket;
        this.address = address;
        this.greeting = context.promise();
        socket.messageHandler(this::handle);
        socket.exceptionHandler(t -> fail(Failures.wrap(t, address)));
        socket.closeHandler(v -> fail(new NbdConnectionException("connection to " + address + " closed during the handshake")));
    }

    Future<ServerGreeting> greeting() {
        return greeting.future();
    }

    void send(Buffer data) {
        socket.write(data);
    }

    /**
     * Sends an option and collects its replies up to the final {@code NBD_REP_ACK}. An error reply
     * fails the future with an {@link NbdOptionException}.
     */
    Future<List<OptionReply>> request(int option, Buffer data) {
        if (failure != null) {
            return context.failedFuture(failure);
        }
        if (current != null) {
            return context.failedFuture(new IllegalStateException("option exchange already running"));
        }
        current = new Exchange(option, context.promise(), new ArrayList<>());
        Future<List<OptionReply>> result = current.promise().future();
        socket.write(NbdRequests.option(option, data));
        return result;
    }

    private void handle(Object message) {
        switch (message) {
            case ServerGreeting g when !greeting.future().isComplete() -> greeting.complete(g);
            case OptionReply reply -> reply(reply);
            default -> {
                ReferenceCountUtil.release(message);
                protocolError("unexpected " + message.getClass().getSimpleName() + " during the handshake");
            }
        }
    }

    private void reply(OptionReply reply) {
        Exchange exchange = current;
        if (exchange == null || exchange.option() != reply.option()) {
            protocolError("reply to " + NbdWire.optionName(reply.option()) + " while "
                    + (exchange == null ? "no option was sent" : "waiting for " + NbdWire.optionName(exchange.option())));
            return;
        }
        switch (reply) {
            case OptionReply.Ack ack -> {
                current = null;
                exchange.promise().complete(exchange.replies());
            }
            case OptionReply.Error error -> {
                current = null;
                exchange.promise().fail(new NbdOptionException(NbdWire.optionName(error.option()),
                        NbdOptionError.valueOf(error.type()), error.message()));
            }
            default -> {
                if (exchange.replies().size() >= MAX_REPLIES) {
                    protocolError("more than " + MAX_REPLIES + " replies to " + NbdWire.optionName(reply.option()));
                    return;
                }
                exchange.replies().add(reply);
            }
        }
    }

    private void protocolError(String message) {
        fail(NbdProtocolException.fatal(message + " from " + address));
        socket.close();
    }

    private void fail(NbdException cause) {
        if (failure == null) {
            failure = cause;
        }
        greeting.tryFail(cause);
        if (current != null) {
            Exchange exchange = current;
            current = null;
            exchange.promise().tryFail(cause);
        }
    }
}
