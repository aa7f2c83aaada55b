package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.vmferry.nbd.api.NbdProtocolException;

import java.util.List;

/**
 * Pure decoder of the handshake phase: the greeting, then option replies. It ends by itself after
 * the {@code NBD_REP_ACK} of {@code NBD_OPT_GO}, leaving any following bytes for the transmission
 * decoder. Every length is bounded before anything is allocated.
 */
public final class HandshakeDecoder {

    /** Largest option reply payload accepted: a 4 KiB string plus fields, with room to spare. */
    public static final int MAX_OPTION_REPLY = 64 * 1024;

    enum State { GREETING, OPTION_REPLY, DONE }

    private State state = State.GREETING;

    /** True once transmission has started. */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * Decodes complete messages from {@code in} into {@code out}; returns when more bytes are needed
     * or the handshake ended.
     *
     * @throws NbdProtocolException (fatal) on bad magic, oversized or malformed replies
     */
    public void decode(ByteBuf in, List<Object> out) {
        while (state != State.DONE) {
            if (state == State.GREETING) {
                if (in.readableBytes() < NbdWire.GREETING_LENGTH) {
                    return;
                }
                int start = in.readerIndex();
                if (in.getLong(start) != NbdWire.NBDMAGIC) {
                    throw NbdProtocolException.fatal("not an NBD server: bad greeting magic 0x"
                            + Long.toHexString(in.getLong(start)));
                }
                if (in.getLong(start + 8) != NbdWire.IHAVEOPT) {
                    throw NbdProtocolException.fatal("oldstyle or unknown NBD negotiation (magic 0x"
                            + Long.toHexString(in.getLong(start + 8)) + "); only fixed newstyle is supported");
                }
                out.add(new ServerGreeting(in.getUnsignedShort(start + 16)));
                in.skipBytes(NbdWire.GREETING_LENGTH);
                state = State.OPTION_REPLY;
            } else if (!optionReply(in, out)) {
                return;
            }
        }
    }

    private boolean optionReply(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < NbdWire.OPTION_REPLY_HEADER_LENGTH) {
            return false;
        }
        int start = in.readerIndex();
        long magic = in.getLong(start);
        if (magic != NbdWire.OPTION_REPLY_MAGIC) {
            throw NbdProtocolException.fatal("bad option reply magic 0x" + Long.toHexString(magic));
        }
        int option = in.getInt(start + 8);
        int type = in.getInt(start + 12);
        long length = in.getUnsignedInt(start + 16);
        if (length > MAX_OPTION_REPLY) {
            throw NbdProtocolException.fatal("option reply of " + length + " bytes exceeds " + MAX_OPTION_REPLY);
        }
        if (in.readableBytes() < NbdWire.OPTION_REPLY_HEADER_LENGTH + length) {
            return false;
        }
        ByteBuf payload = in.slice(start + NbdWire.OPTION_REPLY_HEADER_LENGTH, (int) length);
        OptionReply reply = OptionReplyParser.parse(option, type, payload);
        in.skipBytes(NbdWire.OPTION_REPLY_HEADER_LENGTH + (int) length);
        out.add(reply);
        if (option == NbdWire.OPT_GO && type == NbdWire.REP_ACK) {
            state = State.DONE;
        }
        return true;
    }
}
