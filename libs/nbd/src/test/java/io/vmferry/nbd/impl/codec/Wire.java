package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Builds server-side byte sequences for decoder tests. */
final class Wire {

    private final ByteBuf buf = Unpooled.buffer();

    static Wire of() {
        return new Wire();
    }

    Wire greeting(int flags) {
        buf.writeLong(NbdWire.NBDMAGIC).writeLong(NbdWire.IHAVEOPT).writeShort(flags);
        return this;
    }

    Wire optionReply(int option, int type, byte[] payload) {
        buf.writeLong(NbdWire.OPTION_REPLY_MAGIC).writeInt(option).writeInt(type).writeInt(payload.length).writeBytes(payload);
        return this;
    }

    Wire ack(int option) {
        return optionReply(option, NbdWire.REP_ACK, new byte[0]);
    }

    Wire metaContext(int option, int id, String name) {
        ByteBuf p = Unpooled.buffer().writeInt(id).writeBytes(name.getBytes(StandardCharsets.UTF_8));
        return optionReply(option, NbdWire.REP_META_CONTEXT, bytes(p));
    }

    Wire infoExport(long size, int flags) {
        ByteBuf p = Unpooled.buffer().writeShort(NbdWire.INFO_EXPORT).writeLong(size).writeShort(flags);
        return optionReply(NbdWire.OPT_GO, NbdWire.REP_INFO, bytes(p));
    }

    Wire infoBlockSize(int min, int preferred, int max) {
        ByteBuf p = Unpooled.buffer().writeShort(NbdWire.INFO_BLOCK_SIZE).writeInt(min).writeInt(preferred).writeInt(max);
        return optionReply(NbdWire.OPT_GO, NbdWire.REP_INFO, bytes(p));
    }

    Wire simple(int error, long cookie) {
        buf.writeInt(NbdWire.SIMPLE_REPLY_MAGIC).writeInt(error).writeLong(cookie);
        return this;
    }

    Wire chunk(int flags, int type, long cookie, byte[] payload) {
        buf.writeInt(NbdWire.STRUCTURED_REPLY_MAGIC).writeShort(flags).writeShort(type).writeLong(cookie)
                .writeInt(payload.length).writeBytes(payload);
        return this;
    }

    Wire data(int flags, long cookie, long offset, byte[] data) {
        return chunk(flags, NbdWire.REPLY_TYPE_OFFSET_DATA, cookie, bytes(Unpooled.buffer().writeLong(offset).writeBytes(data)));
    }

    Wire hole(int flags, long cookie, long offset, int length) {
        return chunk(flags, NbdWire.REPLY_TYPE_OFFSET_HOLE, cookie, bytes(Unpooled.buffer().writeLong(offset).writeInt(length)));
    }

    Wire status(int flags, long cookie, int contextId, int... lengthFlagPairs) {
        ByteBuf p = Unpooled.buffer().writeInt(contextId);
        for (int v : lengthFlagPairs) {
            p.writeInt(v);
        }
        return chunk(flags, NbdWire.REPLY_TYPE_BLOCK_STATUS, cookie, bytes(p));
    }

    Wire error(int flags, long cookie, int errno, String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return chunk(flags, NbdWire.REPLY_TYPE_ERROR, cookie, bytes(Unpooled.buffer().writeInt(errno).writeShort(m.length).writeBytes(m)));
    }

    Wire raw(byte[] bytes) {
        buf.writeBytes(bytes);
        return this;
    }

    Wire rawInt(int v) {
        buf.writeInt(v);
        return this;
    }

    byte[] bytes() {
        return bytes(buf);
    }

    static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        b.release();
        return out;
    }
}
