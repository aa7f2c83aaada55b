package io.vmferry.nbd.impl;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class InFlightTest {

    private static ReadCommand read(long offset) {
        return new ReadCommand(offset, 512, false, chunk -> { }, Promise.promise());
    }

    @Test
    void sendsUpToTheLimitInOrderAndQueuesTheRest() {
        InFlight inFlight = new InFlight(2);
        ReadCommand a = read(0);
        ReadCommand b = read(512);
        ReadCommand c = read(1024);
        inFlight.enqueue(a);
        inFlight.enqueue(b);
        inFlight.enqueue(c);
        assertSame(a, inFlight.nextToSend());
        assertSame(b, inFlight.nextToSend());
        assertNull(inFlight.nextToSend());
        assertEquals(3, inFlight.size());
        assertNotEquals(a.cookie(), b.cookie());
        assertSame(b, inFlight.get(b.cookie()));
        inFlight.remove(a.cookie());
        assertSame(c, inFlight.nextToSend());
        assertEquals(2, inFlight.drain().size());
        assertEquals(true, inFlight.isEmpty());
    }
}
