package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.vmferry.nbd.api.NbdProtocolException;

import java.util.List;

/**
 * Pure decoder of transmission-phase replies into {@link ReplyEvent}s. Headers are peeked with
 * absolute getters and consumed only when complete; read data and block-status descriptors are
 * streamed as they arrive ({@code readRetainedSlice}), never aggregated. Every wire length is checked
 * against its type's layout and a bound before anything is allocated. Violations throw a fatal
 * {@link NbdProtocolException}: after one, the byte stream cannot be trusted.
 */
public final class ReplyDecoder {

    /** Answers the one question framing needs context for: how many data bytes follow a successful simple reply. */
    @FunctionalInterface
    public interface SimplePayload {
        /** @return the payload length for {@code cookie}, or -1 if no simple success reply is acceptable for it */
        long length(long cookie);
    }

    /** Largest piece of data handed on at once. */
    static final int MAX_PIECE = 256 * 1024;
    /** Most descriptors in one {@link ReplyEvent.Descriptors}. */
    static final int MAX_DESCRIPTORS_PER_EVENT = 8192;
    /** Most descriptors in one block-status chunk (QEMU sends at most 128 Ki). */
    public static final int MAX_DESCRIPTORS = 4 << 20;
    /** Longest error chunk: 16-bit message length plus fields. */
    static final int MAX_ERROR_CHUNK = 4 + 2 + 0xFFFF + 8;

    enum State { HEADER, PAYLOAD, DESCRIPTORS }

    private SimplePayload simplePayload = cookie -> -1;
    private State state = State.HEADER;
    private long cookie;
    private boolean done;
    private long remaining;
    private long position;

    public void simplePayload(SimplePayload lookup) {
        this.simplePayload = lookup;
    }

    /** Decodes as many events as the readable bytes allow. */
    public void decode(ByteBuf in, List<Object> out) {
        while (true) {
            boolean progress = switch (state) {
                case HEADER -> header(in, out);
                case PAYLOAD -> payload(in, out);
                case DESCRIPTORS -> descriptors(in, out);
            };
            if (!progress) {
                return;
            }
        }
    }

    private boolean header(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return false;
        }
        int magic = in.getInt(in.readerIndex());
        if (magic == NbdWire.SIMPLE_REPLY_MAGIC) {
            return simple(in, out);
        }
        if (magic == NbdWire.STRUCTURED_REPLY_MAGIC) {
            return StructuredChunks.decode(this, in, out);
        }
        throw NbdProtocolException.fatal("bad reply magic 0x" + Integer.toHexString(magic));
    }

    private boolean simple(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < NbdWire.SIMPLE_REPLY_LENGTH) {
            return false;
        }
        int start = in.readerIndex();
        int error = in.getInt(start + 4);
        long handle = in.getLong(start + 8);
        long length = 0;
        if (error == 0) {
            length = simplePayload.length(handle);
            if (length < 0 || length > NbdWire.MAX_READ) {
                throw NbdProtocolException.fatal("unexpected simple reply for cookie " + handle);
            }
        }
        in.skipBytes(NbdWire.SIMPLE_REPLY_LENGTH);
        out.add(new ReplyEvent.Simple(handle, error));
        startContent(handle, true, State.PAYLOAD, length, out);
        return true;
    }

    /** Called by {@link StructuredChunks} after consuming a chunk header: streams its content, if any. */
    void startContent(long handle, boolean doneFlag, State next, long count, List<Object> out) {
        cookie = handle;
        done = doneFlag;
        remaining = count;
        position = 0;
        if (count == 0) {
            endChunk(out);
        } else {
            state = next;
        }
    }

    private boolean payload(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes(), remaining), MAX_PIECE);
        if (n == 0) {
            return false;
        }
        out.add(new ReplyEvent.Payload(cookie, position, in.readRetainedSlice(n)));
        position += n;
        remaining -= n;
        if (remaining == 0) {
            endChunk(out);
        }
        return true;
    }

    private boolean descriptors(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes() / 8, remaining), MAX_DESCRIPTORS_PER_EVENT);
        if (n == 0) {
            return false;
        }
        int[] lengths = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = in.readInt();
            flags[i] = in.readInt();
        }
        out.add(new ReplyEvent.Descriptors(cookie, lengths, flags));
        remaining -= n;
        if (remaining == 0) {
            endChunk(out);
        }
        return true;
    }

    private void endChunk(List<Object> out) {
        state = State.HEADER;
        if (done) {
            out.add(new ReplyEvent.End(cookie));
        }
    }
}
