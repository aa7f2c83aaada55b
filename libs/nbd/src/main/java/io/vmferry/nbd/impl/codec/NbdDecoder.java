package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * The Netty codec installed inside the Vert.x socket ({@code pipeline().addBefore("handler", "codec", ...)}):
 * runs the {@link HandshakeDecoder} until {@code NBD_OPT_GO} is acknowledged, then the
 * {@link ReplyDecoder} on the same accumulated bytes, so nothing is lost at the switch. After a
 * decoding error it discards all further input (the connection is being closed).
 * The accumulation buffer is released by {@link ByteToMessageDecoder#handlerRemoved}.
 */
public final class NbdDecoder extends ByteToMessageDecoder {

    private final HandshakeDecoder handshake = new HandshakeDecoder();
    private final ReplyDecoder replies = new ReplyDecoder();
    private boolean handshakeDone;
    private boolean failed;

    /** Same as {@code new NbdDecoder()} but already in the transmission phase (tests). */
    public static NbdDecoder forTransmission() {
        NbdDecoder decoder = new NbdDecoder();
        decoder.handshakeDone = true;
        return decoder;
    }

    /** Installs the lookup for simple read replies (set by the connection when transmission starts). */
    public void simplePayload(ReplyDecoder.SimplePayload lookup) {
        replies.simplePayload(lookup);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (!handshakeDone) {
                handshake.decode(in, out);
                handshakeDone = handshake.done();
                if (!handshakeDone) {
                    return;
                }
            }
            replies.decode(in, out);
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }
}
