package io.vmferry.stream.api.transport;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vertx.core.Future;

/**
 * Consumer of one incoming stream on a sink (one instance per connection, created after the peer
 * was authenticated). Frames arrive in stream order on the connection's event loop, already
 * verified (CRC, order, bounds). The returned future is the back-pressure: the sink stops reading
 * the socket while too much is unfinished.
 * <ul>
 *   <li>{@link StreamHeader} and {@link StreamTrailer} are barriers: delivered only once everything
 *   before them completed, and nothing after them is delivered before their future completes.</li>
 *   <li>{@link ContentFrame}s may overlap in flight (up to the sink's in-flight limits); they never
 *   overlap on the disk.</li>
 *   <li>The trailer's future is the commit: complete it once the data is durable; only then does the
 *   sender get its acknowledgement.</li>
 * </ul>
 * A failed future, or a thrown exception, aborts the stream and the sender sees the message.
 */
@FunctionalInterface
public interface StreamReceiver {

    /** Handles one frame; complete the future when it has been applied. */
    Future<Void> onFrame(StreamFrame frame);

    /**
     * Whether a data frame's buffers may still be read after its future completed. A receiver that is done with
     * the bytes by then (it copied or wrote them) answers false, and the sink hands it frames whose payloads are the
     * TLS handler's buffers themselves, given back when the future completes, instead of copies.
     */
    default boolean keepsPayloads() {
        return true;
    }

    /** The stream failed before it was acknowledged (bad frame, disconnect, own failure): discard it. */
    default void onAbort(Throwable cause) {
    }
}
