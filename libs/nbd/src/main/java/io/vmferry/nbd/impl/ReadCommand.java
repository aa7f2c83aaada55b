package io.vmferry.nbd.impl;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.api.NbdReadChunk;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.ReplyEvent;

/**
 * {@code NBD_CMD_READ}: checks that every data and hole chunk lies inside the request, hands each
 * piece to the caller's handler as it arrives (a view of the socket buffer, valid during the call),
 * and checks on completion that the chunks covered the whole request.
 */
final class ReadCommand extends Command<Void> {

    private final Handler<NbdReadChunk> handler;
    /** Absolute offset of the data now streaming, or -1 while its chunk is being discarded. */
    private long dataOffset = -1;
    private long covered;

    /** {@code whole}: with {@code NBD_CMD_FLAG_DF} (the caller checked that the export offers it). */
    ReadCommand(long offset, int length, boolean whole, Handler<NbdReadChunk> handler, Promise<Void> promise) {
        super(NbdWire.CMD_READ, whole ? NbdWire.CMD_FLAG_DF : 0, offset, length, promise);
        this.handler = handler;
    }

    @Override
    long simplePayload(boolean structuredReplies) {
        return structuredReplies ? -1 : length;
    }

    @Override
    void onSimpleSuccess() {
        dataOffset = offset;
        covered = length;
    }

    @Override
    void onData(ReplyEvent.Data event) {
        if (!contains(event.offset(), event.length())) {
            dataOffset = -1;
            fail(outside("OFFSET_DATA", event.offset(), event.length()));
            return;
        }
        dataOffset = event.offset();
        covered += event.length();
    }

    @Override
    void onPayload(ReplyEvent.Payload event) {
        ByteBuf buf = event.data();
        try {
            if (dataOffset >= 0 && !failed()) {
                deliver(new NbdReadChunk.Data(dataOffset + event.position(), BufferInternal.buffer(buf)));
            }
        } finally {
            buf.release();
        }
    }

    @Override
    void onHole(ReplyEvent.Hole event) {
        if (event.length() == 0 || !contains(event.offset(), event.length())) {
            fail(outside("OFFSET_HOLE", event.offset(), event.length()));
            return;
        }
        covered += event.length();
        deliver(new NbdReadChunk.Hole(event.offset(), event.length()));
    }

    @Override
    Void result() {
        if (covered != length) {
            throw NbdProtocolException.skippable(name() + " offset=" + offset + " length=" + length
                    + ": reply chunks covered " + covered + " bytes");
        }
        return null;
    }

    private void deliver(NbdReadChunk chunk) {
        if (failed()) {
            return;
        }
        try {
            handler.handle(chunk);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private NbdProtocolException outside(String chunk, long off, long len) {
        return NbdProtocolException.skippable(name() + " offset=" + offset + " length=" + length + ": " + chunk
                + " chunk offset=" + Long.toUnsignedString(off) + " length=" + len + " outside the request");
    }
}
