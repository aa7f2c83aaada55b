package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.vmferry.nbd.api.NbdProtocolException;

import java.util.List;

/**
 * Structured reply chunk headers: checks each type's length rule (proto.md "Structured reply types")
 * and waits until the header plus the type's fixed fields are readable before consuming anything.
 */
final class StructuredChunks {

    private static final int HEADER = NbdWire.STRUCTURED_HEADER_LENGTH;

    private StructuredChunks() {
    }

    /** @return true if a chunk header was consumed */
    static boolean decode(ReplyDecoder decoder, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER) {
            return false;
        }
        int start = in.readerIndex();
        int flags = in.getUnsignedShort(start + 4);
        int type = in.getUnsignedShort(start + 6);
        long cookie = in.getLong(start + 8);
        long length = in.getUnsignedInt(start + 16);
        boolean done = (flags & NbdWire.REPLY_FLAG_DONE) != 0;
        String where = "chunk type " + type + " for cookie " + cookie + " with length " + length;
        switch (type) {
            case NbdWire.REPLY_TYPE_NONE -> {
                check(length == 0 && done, "NBD_REPLY_TYPE_NONE needs length 0 and the DONE flag: " + where);
                in.skipBytes(HEADER);
                decoder.startContent(cookie, true, ReplyDecoder.State.HEADER, 0, out);
            }
            case NbdWire.REPLY_TYPE_OFFSET_DATA -> {
                check(length >= 9 && length - 8 <= NbdWire.MAX_READ, "bad OFFSET_DATA " + where);
                if (in.readableBytes() < HEADER + 8) {
                    return false;
                }
                long offset = in.getLong(start + HEADER);
                in.skipBytes(HEADER + 8);
                out.add(new ReplyEvent.Data(cookie, offset, (int) (length - 8)));
                decoder.startContent(cookie, done, ReplyDecoder.State.PAYLOAD, length - 8, out);
            }
            case NbdWire.REPLY_TYPE_OFFSET_HOLE -> {
                check(length == 12, "bad OFFSET_HOLE " + where);
                if (in.readableBytes() < HEADER + 12) {
                    return false;
                }
                out.add(new ReplyEvent.Hole(cookie, in.getLong(start + HEADER), in.getUnsignedInt(start + HEADER + 8)));
                in.skipBytes(HEADER + 12);
                decoder.startContent(cookie, done, ReplyDecoder.State.HEADER, 0, out);
            }
            case NbdWire.REPLY_TYPE_BLOCK_STATUS -> {
                check(length >= 12 && (length - 4) % 8 == 0 && (length - 4) / 8 <= ReplyDecoder.MAX_DESCRIPTORS,
                        "bad BLOCK_STATUS " + where);
                if (in.readableBytes() < HEADER + 4) {
                    return false;
                }
                int count = (int) ((length - 4) / 8);
                out.add(new ReplyEvent.Status(cookie, in.getInt(start + HEADER), count));
                in.skipBytes(HEADER + 4);
                decoder.startContent(cookie, done, ReplyDecoder.State.DESCRIPTORS, count, out);
            }
            default -> {
                if ((type & NbdWire.REPLY_TYPE_ERROR_BIT) == 0) {
                    throw NbdProtocolException.fatal("unknown structured reply " + where);
                }
                return error(decoder, in, out, type, cookie, length, done, where);
            }
        }
        return true;
    }

    private static boolean error(ReplyDecoder decoder, ByteBuf in, List<Object> out, int type, long cookie,
                                 long length, boolean done, String where) {
        boolean withOffset = type == NbdWire.REPLY_TYPE_ERROR_OFFSET;
        int fixed = withOffset ? 14 : 6;
        check(length >= fixed && length <= ReplyDecoder.MAX_ERROR_CHUNK, "bad error " + where);
        if (in.readableBytes() < HEADER + length) {
            return false;
        }
        int start = in.readerIndex() + HEADER;
        int errno = in.getInt(start);
        int messageLength = in.getUnsignedShort(start + 4);
        check(messageLength <= length - fixed, "error message longer than its " + where);
        String message = WireStrings.message(in, start + 6, messageLength);
        long offset = withOffset ? in.getLong(start + 6 + messageLength) : -1;
        in.skipBytes(HEADER + (int) length);
        out.add(new ReplyEvent.Error(cookie, type, errno, message, offset));
        decoder.startContent(cookie, done, ReplyDecoder.State.HEADER, 0, out);
        return true;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw NbdProtocolException.fatal(message);
        }
    }
}
