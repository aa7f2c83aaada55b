package io.vmferry.nbd.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands of one connection: those sent and awaiting a reply, keyed by cookie, at most {@code limit}
 * of them, and those waiting to be sent, in order. Single-threaded (the connection's event loop).
 */
final class InFlight {

    private final int limit;
    private final Map<Long, Command<?>> sent = new HashMap<>();
    private final ArrayDeque<Command<?>> waiting = new ArrayDeque<>();
    private long nextCookie = 1;

    InFlight(int limit) {
        this.limit = limit;
    }

    void enqueue(Command<?> command) {
        waiting.add(command);
    }

    /** The next command that may be sent now, with its cookie assigned and registered; or null. */
    Command<?> nextToSend() {
        if (sent.size() >= limit || waiting.isEmpty()) {
            return null;
        }
        Command<?> command = waiting.poll();
        command.cookie(newCookie());
        sent.put(command.cookie(), command);
        return command;
    }

    Command<?> get(long cookie) {
        return sent.get(cookie);
    }

    void remove(long cookie) {
        sent.remove(cookie);
    }

    /** A cookie never used before (for requests without a reply, like {@code NBD_CMD_DISC}). */
    long newCookie() {
        return nextCookie++;
    }

    int sentCount() {
        return sent.size();
    }

    /** Sent plus waiting. */
    int size() {
        return sent.size() + waiting.size();
    }

    boolean isEmpty() {
        return sent.isEmpty() && waiting.isEmpty();
    }

    /** Removes and returns the commands not sent yet. */
    List<Command<?>> drainWaiting() {
        List<Command<?>> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }

    /** Removes and returns every command, sent ones first. */
    List<Command<?>> drain() {
        List<Command<?>> all = new ArrayList<>(sent.values());
        all.addAll(waiting);
        sent.clear();
        waiting.clear();
        return all;
    }
}
