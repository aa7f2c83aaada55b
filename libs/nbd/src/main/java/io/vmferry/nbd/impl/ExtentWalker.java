package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Covers a range of any size with block-status queries of at most {@code maxQuery} bytes (the request
 * length is 32-bit): each next query starts where the previous answer's extents ended, so short
 * answers are continued and an overshooting last extent is clipped to the range.
 */
final class ExtentWalker {

    /** One block-status command: extents starting at {@code offset}, consecutive. */
    @FunctionalInterface
    interface Query {
        Future<List<NbdExtent>> blockStatus(long offset, long length);
    }

    private ExtentWalker() {
    }

    /** The largest block-status length below 4 GiB that is a multiple of {@code alignment}. */
    static long maxQuery(long alignment) {
        long align = Math.max(1, Math.min(alignment, 1L << 30));
        return 0xFFFF_FFFFL / align * align;
    }

    static Future<List<NbdExtent>> walk(long offset, long length, long maxQuery, Query query) {
        List<NbdExtent> out = new ArrayList<>();
        return step(offset, offset + length, maxQuery, query, out).map(v -> out);
    }

    private static Future<Void> step(long pos, long end, long maxQuery, Query query, List<NbdExtent> out) {
        if (pos >= end) {
            return Future.succeededFuture();
        }
        return query.blockStatus(pos, Math.min(end - pos, maxQuery)).compose(extents -> {
            long next = append(out, extents, pos, end);
            if (next <= pos) {
                return Future.failedFuture(NbdProtocolException.skippable("block status returned no extent at " + pos));
            }
            return step(next, end, maxQuery, query, out);
        });
    }

    /**
     * Appends consecutive {@code extents} that start at {@code pos} to {@code out}, clipped at
     * {@code end} and merged with equal-flag neighbours.
     *
     * @return where the appended extents end
     */
    static long append(List<NbdExtent> out, List<NbdExtent> extents, long pos, long end) {
        long cursor = pos;
        for (NbdExtent e : extents) {
            if (cursor >= end) {
                break;
            }
            if (e.offset() != cursor) {
                throw new IllegalStateException("extents not consecutive at " + cursor + ": " + e);
            }
            long len = Math.min(e.length(), end - cursor);
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).end() == cursor && out.get(last).flags() == e.flags()) {
                out.set(last, new NbdExtent(out.get(last).offset(), out.get(last).length() + len, e.flags()));
            } else {
                out.add(new NbdExtent(cursor, len, e.flags()));
            }
            cursor += len;
        }
        return cursor;
    }
}
