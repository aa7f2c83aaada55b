package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs an {@link NbdDecoder} on an {@link EmbeddedChannel}, feeding the same bytes in many chunk
 * splits (the vert.x RecordParserTest {@code feedChunks} idea), and normalises the output so that
 * splits compare equal: adjacent payload pieces of one cookie are joined, descriptor batches too.
 */
final class DecoderHarness {

    /** Bounds the work per plan (paranoid leak detection makes each buffer expensive). */
    private static final int MAX_CHUNKS = 4000;

    /** Split plans: whole, 1-byte, several fixed sizes, and seeded random ones. */
    static List<int[]> splits(int total) {
        List<int[]> plans = new ArrayList<>();
        plans.add(new int[] {total});
        for (int size : new int[] {1, 2, 3, 7, 13, 20, 64, 4096}) {
            if (total / size <= MAX_CHUNKS) {
                plans.add(fixed(total, size));
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            List<Integer> parts = new ArrayList<>();
            int left = total;
            while (left > 0) {
                int n = Math.min(left, 1 + random.nextInt(Math.max(1, Math.min(left, Math.max(300, total / MAX_CHUNKS)))));
                parts.add(n);
                left -= n;
            }
            plans.add(parts.stream().mapToInt(Integer::intValue).toArray());
        }
        return plans;
    }

    private static int[] fixed(int total, int size) {
        int[] plan = new int[(total + size - 1) / size];
        for (int i = 0; i < plan.length; i++) {
            plan[i] = Math.min(size, total - i * size);
        }
        return plan;
    }

    /** Decodes {@code bytes} fed as {@code plan}; decoder exceptions are rethrown unwrapped. */
    static List<Object> decode(Supplier<NbdDecoder> decoder, byte[] bytes, int[] plan) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
        List<Object> out = new ArrayList<>();
        try {
            int pos = 0;
            for (int n : plan) {
                ByteBuf chunk = ByteBufAllocator.DEFAULT.buffer(n).writeBytes(bytes, pos, n);
                pos += n;
                try {
                    channel.writeInbound(chunk);
                } catch (DecoderException e) {
                    drain(channel, out);
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                drain(channel, out);
            }
            return normalise(out);
        } finally {
            drain(channel, out);
            out.forEach(DecoderHarness::release);
            channel.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel, List<Object> out) {
        Object m;
        while ((m = channel.readInbound()) != null) {
            if (m instanceof ReplyEvent.Payload p) {
                byte[] copy = new byte[p.data().readableBytes()];
                p.data().getBytes(p.data().readerIndex(), copy);
                p.data().release();
                out.add(new Piece(p.cookie(), p.position(), copy));
            } else {
                out.add(m);
            }
        }
    }

    private static void release(Object m) {
        if (m instanceof ReplyEvent.Payload p && p.data().refCnt() > 0) {
            p.data().release();
        }
    }

    /** A payload piece copied out of its buffer. */
    record Piece(long cookie, long position, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Piece p && p.cookie == cookie && p.position == position && Arrays.equals(p.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(cookie) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Piece[" + cookie + "@" + position + " " + data.length + " bytes]";
        }
    }

    /** Descriptor batches joined, compared by content. */
    record Extents(long cookie, List<Long> pairs) {
    }

    private static List<Object> normalise(List<Object> in) {
        List<Object> out = new ArrayList<>();
        for (Object m : in) {
            Object last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (m instanceof Piece p && last instanceof Piece q && q.cookie() == p.cookie()
                    && q.position() + q.data().length == p.position()) {
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                joined.writeBytes(q.data());
                joined.writeBytes(p.data());
                out.set(out.size() - 1, new Piece(q.cookie(), q.position(), joined.toByteArray()));
            } else if (m instanceof ReplyEvent.Descriptors d) {
                List<Long> pairs = new ArrayList<>();
                if (last instanceof Extents e && e.cookie() == d.cookie()) {
                    pairs.addAll(e.pairs());
                    out.remove(out.size() - 1);
                }
                for (int i = 0; i < d.lengths().length; i++) {
                    pairs.add(Integer.toUnsignedLong(d.lengths()[i]));
                    pairs.add((long) d.flags()[i]);
                }
                out.add(new Extents(d.cookie(), pairs));
            } else {
                out.add(m);
            }
        }
        return out;
    }
}
