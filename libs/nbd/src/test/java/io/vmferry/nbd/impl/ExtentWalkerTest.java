package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdProtocolException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtentWalkerTest {

    private static final long GIB = 1L << 30;

    /** A disk of 6 GiB: hole except data at [5 GiB, 5 GiB + 1 MiB); answers at most 3 extents per query. */
    private static final class Disk implements ExtentWalker.Query {
        final List<long[]> queries = new ArrayList<>();
        final List<NbdExtent> truth = List.of(
                new NbdExtent(0, 5 * GIB, 3),
                new NbdExtent(5 * GIB, 1 << 20, 0),
                new NbdExtent(5 * GIB + (1 << 20), GIB - (1 << 20), 3));

        @Override
        public Future<List<NbdExtent>> blockStatus(long offset, long length) {
            queries.add(new long[] {offset, length});
            List<NbdExtent> out = new ArrayList<>();
            for (NbdExtent e : truth) {
                if (e.end() > offset && out.size() < 3) {
                    long start = Math.max(offset, e.offset());
                    // like QEMU: the last extent may reach past the request
                    out.add(new NbdExtent(start, e.end() - start, e.flags()));
                    if (e.end() >= offset + length) {
                        break;
                    }
                }
            }
            return Future.succeededFuture(out);
        }
    }

    @Test
    void walksPast4GiBClippingTheLastExtent() {
        Disk disk = new Disk();
        long max = ExtentWalker.maxQuery(65536);
        assertEquals(4294901760L, max);
        List<NbdExtent> got = ExtentWalker.walk(0, 6 * GIB - 4096, max, disk).result();
        assertEquals(List.of(new NbdExtent(0, 5 * GIB, 3), new NbdExtent(5 * GIB, 1 << 20, 0),
                new NbdExtent(5 * GIB + (1 << 20), GIB - (1 << 20) - 4096, 3)), got);
        assertTrue(disk.queries.size() >= 2, "needs a second query past 4 GiB");
        for (long[] q : disk.queries) {
            assertTrue(q[1] <= 0xFFFF_FFFFL);
        }
    }

    @Test
    void shortRepliesAreContinuedAndNeighboursMerged() {
        // server answers one 4 KiB extent per query, all with flags 1
        ExtentWalker.Query oneAtATime = (offset, length) ->
                Future.succeededFuture(List.of(new NbdExtent(offset, Math.min(4096, length), 1)));
        List<NbdExtent> got = ExtentWalker.walk(8192, 10 * 4096 + 100, 1 << 20, oneAtATime).result();
        assertEquals(List.of(new NbdExtent(8192, 10 * 4096 + 100, 1)), got);
    }

    @Test
    void noProgressIsAProtocolError() {
        ExtentWalker.Query empty = (offset, length) -> Future.succeededFuture(List.of());
        Future<List<NbdExtent>> f = ExtentWalker.walk(0, 4096, 1 << 20, empty);
        NbdProtocolException e = assertInstanceOf(NbdProtocolException.class, f.cause());
        assertTrue(!e.fatal());
    }

    @Test
    void emptyRangeNeedsNoQuery() {
        ExtentWalker.Query fail = (offset, length) -> {
            throw new AssertionError("queried");
        };
        assertEquals(List.of(), ExtentWalker.walk(100, 0, 4096, fail).result());
    }
}
