package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdCommandException;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.impl.codec.NbdRequests;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.ReplyEvent;

/**
 * One transmission request and the state of its reply. Reply events arrive one by one; the first
 * problem is recorded and the command fails when its reply ends ({@link #end()}), so framing stays
 * intact for skippable errors. Runs on the connection's event loop only.
 *
 * @param <T> the result type
 */
abstract class Command<T> {

    final long offset;
    final long length;
    private final int type;
    private final int flags;
    private final Promise<T> promise;
    private long cookie;
    private Throwable failure;

    Command(int type, long offset, long length, Promise<T> promise) {
        this(type, 0, offset, length, promise);
    }

    /** A command with request flags ({@code NBD_CMD_FLAG_*}). */
    Command(int type, int flags, long offset, long length, Promise<T> promise) {
        this.type = type;
        this.flags = flags;
        this.offset = offset;
        this.length = length;
        this.promise = promise;
    }

    final String name() {
        return NbdWire.commandName(type);
    }

    final Buffer encode() {
        return NbdRequests.request(flags, type, cookie, offset, length);
    }

    final long cookie() {
        return cookie;
    }

    final void cookie(long cookie) {
        this.cookie = cookie;
    }

    final Future<T> future() {
        return promise.future();
    }

    /** Data bytes a successful simple reply carries, or -1 when a simple success reply is not acceptable. */
    long simplePayload(boolean structuredReplies) {
        return 0;
    }

    void onSimple(int error) {
        if (error != 0) {
            fail(new NbdCommandException(error, name(), offset, length, null));
        } else {
            onSimpleSuccess();
        }
    }

    void onSimpleSuccess() {
    }

    void onData(ReplyEvent.Data event) {
        unexpected("NBD_REPLY_TYPE_OFFSET_DATA");
    }

    /** Receives ownership of the payload buffer; this default discards it. */
    void onPayload(ReplyEvent.Payload event) {
        event.data().release();
    }

    void onHole(ReplyEvent.Hole event) {
        unexpected("NBD_REPLY_TYPE_OFFSET_HOLE");
    }

    void onStatus(ReplyEvent.Status event) {
        unexpected("NBD_REPLY_TYPE_BLOCK_STATUS");
    }

    void onDescriptors(ReplyEvent.Descriptors event) {
    }

    void onError(ReplyEvent.Error event) {
        if (event.offset() != -1 && !contains(event.offset(), 1)) {
            fail(NbdProtocolException.skippable(name() + " error chunk offset " + Long.toUnsignedString(event.offset())
                    + " outside the request"));
        } else if (event.error() == 0) {
            fail(NbdProtocolException.skippable(name() + " error chunk without an error value"));
        } else {
            fail(new NbdCommandException(event.error(), name(), offset, length, event.message()));
        }
    }

    /** The value to complete with once the reply ended without recorded failure; may throw an {@code NbdException}. */
    abstract T result();

    /** Records a failure; the first one wins. */
    final void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    final boolean failed() {
        return failure != null;
    }

    final Throwable failure() {
        return failure;
    }

    /** The reply is complete: complete or fail the future. */
    final void end() {
        if (failure == null) {
            try {
                promise.tryComplete(result());
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        promise.tryFail(failure);
    }

    /** The connection is gone: fail with its cause. */
    final void abort(Throwable cause) {
        promise.tryFail(cause);
    }

    /** True if {@code [off, off + len)} lies inside the request (unsigned offsets). */
    final boolean contains(long off, long len) {
        return off >= offset && len <= length && off - offset <= length - len;
    }

    private void unexpected(String chunk) {
        fail(NbdProtocolException.skippable(chunk + " in reply to " + name()));
    }
}
