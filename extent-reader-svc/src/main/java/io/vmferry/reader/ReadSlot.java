package io.vmferry.reader;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.api.NbdReadChunk;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamExtent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One position in the stream's queue: either a ready sparse extent, or one NBD read whose pieces
 * (arriving in any order, possibly split) are copied into one array and, once the read completes,
 * turned into data extents and zero/hole extents for the all-zero blocks and {@code OFFSET_HOLE}
 * chunks. The array (direct memory, which the TLS engine encrypts from without copying it first, as it does a heap
 * array) comes from the transfer's pool and goes back to it once every data extent cut
 * from it was written ({@link #lend} / {@link #giveBack}). Confined to the disk's event loop.
 */
final class ReadSlot {
    private record Piece(long offset, int length, boolean data) {
    }

    private final long offset;
    private final int length;
    private final FrameType sparse;
    private final int maxPiece;
    private final IntFunction<ByteBuffer> arrays;
    private final List<Piece> pieces = new ArrayList<>();
    private final ArrayDeque<StreamExtent> ready = new ArrayDeque<>();
    private ByteBuffer bytes;
    private long dataBytes;
    private boolean complete;
    /** Data extents handed out and not yet written. */
    private int lent;
    long timer = -1;

    private ReadSlot(long offset, int length, FrameType sparse, int maxPiece, IntFunction<ByteBuffer> arrays) {
        this.offset = offset;
        this.length = length;
        this.sparse = sparse;
        this.maxPiece = maxPiece;
        this.arrays = arrays;
    }

    /** A slot holding one extent that needs no reading. */
    static ReadSlot ready(StreamExtent extent) {
        ReadSlot slot = new ReadSlot(extent.offset(), 0, extent.type(), 1, null);
        slot.ready.add(extent);
        slot.complete = true;
        return slot;
    }

    /**
     * A read of {@code [offset, offset + length)}; zero blocks and holes become {@code sparse} extents,
     * data is cut at multiples of {@code maxPiece} (the encoder's frame size): the socket's write
     * queue is bounded in buffers, not bytes, so each extent must encode to a small buffer.
     */
    static ReadSlot read(long offset, int length, FrameType sparse, int maxPiece) {
        return read(offset, length, sparse, maxPiece, ByteBuffer::allocateDirect);
    }

    /**
     * As {@link #read(long, int, FrameType, int)}, taking the buffer for the data from {@code arrays}
     * (called with the length needed, at the first data piece; it may return a longer, used buffer:
     * only the bytes the read delivered are ever handed out; its position and limit are ignored).
     */
    static ReadSlot read(long offset, int length, FrameType sparse, int maxPiece, IntFunction<ByteBuffer> arrays) {
        return new ReadSlot(offset, length, sparse, maxPiece, arrays);
    }

    /** Takes one piece of the read; returns the data bytes it carried. */
    long accept(NbdReadChunk chunk) {
        int at = (int) (chunk.offset() - offset);
        if (chunk instanceof NbdReadChunk.Data d) {
            if (bytes == null) {
                bytes = arrays.apply(length);
            }
            ByteBuf piece = ((BufferInternal) d.data()).getByteBuf(); // possibly a composite: copied part by part
            int n = piece.readableBytes();
            piece.getBytes(piece.readerIndex(), bytes.duplicate().clear().position(at).limit(at + n));
            pieces.add(new Piece(chunk.offset(), d.data().length(), true));
            dataBytes += d.data().length();
            return d.data().length();
        }
        pieces.add(new Piece(chunk.offset(), (int) chunk.length(), false));
        return 0;
    }

    /** The read completed: builds the extents. */
    void complete() {
        pieces.sort(Comparator.comparingLong(Piece::offset));
        long pos = offset;
        long dataStart = -1;
        for (Piece p : pieces) {
            if (p.offset() != pos) {
                throw NbdProtocolException.skippable("NBD read offset=" + offset + " length=" + length
                        + ": reply pieces overlap or leave a gap at " + pos);
            }
            if (p.data() && dataStart < 0) {
                dataStart = p.offset();
            } else if (!p.data()) {
                if (dataStart >= 0) {
                    scanData(dataStart, pos);
                    dataStart = -1;
                }
                emitSparse(p.offset(), p.length());
            }
            pos += p.length();
        }
        if (dataStart >= 0) {
            scanData(dataStart, pos);
        }
        pieces.clear();
        complete = true;
    }

    private void scanData(long start, long end) {
        Buffer all = BufferInternal.buffer(Unpooled.wrappedBuffer(bytes.duplicate().clear()));
        ZeroScanner.scan(bytes, (int) (start - offset), (int) (end - start), start, (disk, from, len, zero) -> {
            if (zero) {
                emitSparse(disk, len);
                return;
            }
            for (int at = from; at < from + len; ) {
                long abs = disk + (at - from);
                int n = (int) Math.min(from + len - at, maxPiece - abs % maxPiece);
                ready.add(StreamExtent.data(abs, all.slice(at, at + n)));
                at += n;
            }
        });
    }

    private void emitSparse(long at, long len) {
        StreamExtent last = ready.peekLast();
        if (last != null && last.type() == sparse && last.offset() + last.length() == at) {
            ready.pollLast();
            ready.add(new StreamExtent(sparse, last.offset(), last.length() + len, null));
        } else {
            ready.add(new StreamExtent(sparse, at, len, null));
        }
    }

    boolean isComplete() {
        return complete;
    }

    /** The next extent, or null when none is ready. */
    StreamExtent poll() {
        return ready.poll();
    }

    /** True once complete and every extent was taken. */
    boolean drained() {
        return complete && ready.isEmpty();
    }

    /** A data extent of this slot was handed out: its bytes are in use until {@link #giveBack}. */
    void lend() {
        lent++;
    }

    /**
     * One handed-out data extent was written; returns the array once the slot is drained and none
     * is out any more (the caller may reuse it), else null.
     */
    ByteBuffer giveBack() {
        lent--;
        if (lent > 0 || !drained() || bytes == null) {
            return null;
        }
        ByteBuffer free = bytes;
        bytes = null;
        return free;
    }

    /** Bytes of read data this slot reserves from the buffer budget. */
    int reserved() {
        return length;
    }

    /** Data bytes NBD returned for this read. */
    long dataBytes() {
        return dataBytes;
    }

    long offset() {
        return offset;
    }
}
