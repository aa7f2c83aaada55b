package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.vmferry.nbd.api.NbdProtocolException;

/** Turns one complete option reply payload into an {@link OptionReply}; checks each type's exact layout. */
final class OptionReplyParser {

    private static final int INFO_EXPORT_LENGTH = 2 + 8 + 2;
    private static final int INFO_BLOCK_SIZE_LENGTH = 2 + 4 + 4 + 4;

    private OptionReplyParser() {
    }

    /**
     * @param payload exactly the reply's payload; indexes are not moved
     */
    static OptionReply parse(int option, int type, ByteBuf payload) {
        int length = payload.readableBytes();
        int start = payload.readerIndex();
        if ((type & NbdWire.REP_ERROR_BIT) != 0) {
            return new OptionReply.Error(option, type, WireStrings.message(payload, start, length));
        }
        return switch (type) {
            case NbdWire.REP_ACK -> {
                expect(length == 0, "NBD_REP_ACK with payload", length);
                yield new OptionReply.Ack(option);
            }
            case NbdWire.REP_SERVER -> {
                expect(length >= 4, "NBD_REP_SERVER too short", length);
                long nameLength = payload.getUnsignedInt(start);
                expect(nameLength <= length - 4, "NBD_REP_SERVER name longer than reply", length);
                yield new OptionReply.Server(option, WireStrings.name(payload, start + 4, (int) nameLength, "export name"));
            }
            case NbdWire.REP_INFO -> info(option, payload, start, length);
            case NbdWire.REP_META_CONTEXT -> {
                expect(length > 4, "NBD_REP_META_CONTEXT without a name", length);
                int id = payload.getInt(start);
                yield new OptionReply.MetaContext(option, id, WireStrings.name(payload, start + 4, length - 4, "meta context"));
            }
            default -> new OptionReply.Unknown(option, type);
        };
    }

    private static OptionReply info(int option, ByteBuf payload, int start, int length) {
        expect(length >= 2, "NBD_REP_INFO without a type", length);
        int infoType = payload.getUnsignedShort(start);
        switch (infoType) {
            case NbdWire.INFO_EXPORT -> {
                expect(length == INFO_EXPORT_LENGTH, "NBD_INFO_EXPORT of wrong length", length);
                long size = payload.getLong(start + 2);
                if (size < 0) {
                    throw NbdProtocolException.fatal("export size " + Long.toUnsignedString(size) + " exceeds 2^63-1");
                }
                return new OptionReply.InfoExport(option, size, payload.getUnsignedShort(start + 10));
            }
            case NbdWire.INFO_BLOCK_SIZE -> {
                expect(length == INFO_BLOCK_SIZE_LENGTH, "NBD_INFO_BLOCK_SIZE of wrong length", length);
                return new OptionReply.InfoBlockSize(option, payload.getUnsignedInt(start + 2),
                        payload.getUnsignedInt(start + 6), payload.getUnsignedInt(start + 10));
            }
            default -> {
                return new OptionReply.InfoOther(option, infoType);
            }
        }
    }

    private static void expect(boolean ok, String what, int length) {
        if (!ok) {
            throw NbdProtocolException.fatal(what + " (payload " + length + " bytes)");
        }
    }
}
