package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;

/**
 * What the transmission decoder emits. A reply is a sequence of events for one cookie ending with
 * {@link End}; bulk content is streamed as {@link Payload} / {@link Descriptors} pieces after its
 * header event, so no chunk is ever aggregated. Events of different cookies never interleave
 * inside one chunk, but chunks of different replies may.
 */
public sealed interface ReplyEvent {

    long cookie();

    /** A simple reply; for a successful read, {@link Payload} pieces follow. */
    record Simple(long cookie, int error) implements ReplyEvent {
    }

    /** {@code NBD_REPLY_TYPE_OFFSET_DATA} header: {@code length} data bytes at {@code offset} follow as payload. */
    record Data(long cookie, long offset, int length) implements ReplyEvent {
    }

    /**
     * A piece of read data; {@code position} is relative to the start of the data (of the chunk, or
     * of the request for simple replies). The receiver owns {@code data} and must release it.
     */
    record Payload(long cookie, long position, ByteBuf data) implements ReplyEvent {
    }

    /** {@code NBD_REPLY_TYPE_OFFSET_HOLE}; {@code length} is unsigned 32-bit. */
    record Hole(long cookie, long offset, long length) implements ReplyEvent {
    }

    /** {@code NBD_REPLY_TYPE_BLOCK_STATUS} header: {@code count} descriptors for {@code contextId} follow. */
    record Status(long cookie, int contextId, int count) implements ReplyEvent {
    }

    /** Block status descriptors: unsigned 32-bit lengths and their flags, in order. */
    record Descriptors(long cookie, int[] lengths, int[] flags) implements ReplyEvent {
    }

    /** An error chunk; {@code offset} is -1 unless the type is {@code NBD_REPLY_TYPE_ERROR_OFFSET}. */
    record Error(long cookie, int type, int error, String message, long offset) implements ReplyEvent {
    }

    /** The reply for {@code cookie} is complete (simple reply done, or a chunk flagged DONE fully read). */
    record End(long cookie) implements ReplyEvent {
    }
}
