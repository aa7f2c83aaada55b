package io.vmferry.stream.api;

import io.vertx.core.Future;
import java.util.Iterator;

/**
 * Pull source of extents for {@link FramePump} and the stream sender: each call to {@link #next()}
 * asks for one extent, and the pump asks again only when the destination can take more, so the
 * producer (an NBD reader, a file) is naturally back-pressured. Extents must come in increasing,
 * non-overlapping order. Called on one Vert.x context, never concurrently.
 */
@FunctionalInterface
public interface FrameSource {

    /** The next extent, or a future completed with null when there are no more. */
    Future<StreamExtent> next();

    /**
     * Called on the source's context once the destination is done with {@code extent}'s encoded
     * bytes (its write completed or failed; and its hash, with an encoder that hashes off-thread), in the order
     * the extents were handed out: a source may then reuse the extent's memory. Extents of a failed or cancelled
     * stream may never come back.
     */
    default void written(StreamExtent extent) {
    }

    /** A source over an in-memory iterator (tests, small streams). */
    static FrameSource of(Iterator<StreamExtent> extents) {
        return () -> Future.succeededFuture(extents.hasNext() ? extents.next() : null);
    }

    /** A source over a list or other iterable. */
    static FrameSource of(Iterable<StreamExtent> extents) {
        return of(extents.iterator());
    }
}
