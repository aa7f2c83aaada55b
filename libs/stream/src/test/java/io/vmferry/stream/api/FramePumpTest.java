package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FramePumpTest {

    /** A destination that is "full" after every write and drains on the next event-loop turn. */
    private static final class SlowSink implements WriteStream<Buffer> {
        final Buffer received = Buffer.buffer();
        final Context context;
        boolean full;
        int maxQueued;
        Handler<Void> drain;

        SlowSink(Context context) {
            this.context = context;
        }

        @Override
        public Future<Void> write(Buffer data) {
            maxQueued = Math.max(maxQueued, full ? 2 : 1);
            received.appendBuffer(data);
            full = true;
            context.runOnContext(v -> {
                full = false;
                if (drain != null) {
                    Handler<Void> h = drain;
                    drain = null;
                    h.handle(null);
                }
            });
            return Future.succeededFuture();
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            drain = handler;
            return this;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> end() {
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }
    }

    @Test
    void writesTheSameBytesAsTheEncoderOneFrameAtATime(Vertx vertx, VertxTestContext test) {
        StreamHeader header = TestStreams.fullHeader(16L << 20);
        List<StreamExtent> extents = TestStreams.extents(new Random(9), header.virtualSize(), 100_000);
        AtomicInteger pulls = new AtomicInteger();
        FrameSource source = FrameSource.of(extents);
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            SlowSink sink = new SlowSink(context);
            FrameSource counting = () -> {
                pulls.incrementAndGet();
                return source.next();
            };
            new FramePump(context, new StreamEncoder(header, EncoderOptions.DEFAULT), counting, sink).run()
                    .onComplete(test.succeeding(trailer -> test.verify(() -> {
                        assertEquals(TestStreams.encode(header, extents, EncoderOptions.DEFAULT), sink.received);
                        assertEquals(extents.size() + 1, pulls.get());
                        assertEquals(1, sink.maxQueued, "never writes while the queue is full");
                        test.completeNow();
                    })));
        });
    }

    @Test
    void sourceFailureFailsThePump(Vertx vertx, VertxTestContext test) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new FramePump(context, new StreamEncoder(TestStreams.fullHeader(4096), EncoderOptions.DEFAULT),
                () -> Future.failedFuture(new IllegalStateException("nbd read failed")), new SlowSink(context)).run()
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(IllegalStateException.class, e);
                    test.completeNow();
                }))));
    }

    @Test
    void asyncSourceAndOutOfOrderExtents(Vertx vertx, VertxTestContext test) {
        Context context = vertx.getOrCreateContext();
        List<StreamExtent> bad = List.of(StreamExtent.zero(4096, 10), StreamExtent.zero(0, 10));
        var it = bad.iterator();
        FrameSource async = () -> {
            io.vertx.core.Promise<StreamExtent> p = io.vertx.core.Promise.promise();
            vertx.setTimer(1, t -> p.complete(it.hasNext() ? it.next() : null));
            return p.future();
        };
        context.runOnContext(v -> new FramePump(context, new StreamEncoder(TestStreams.fullHeader(1 << 20),
                EncoderOptions.DEFAULT), async, new SlowSink(context)).run()
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertEquals(StreamFormatError.OUT_OF_ORDER, assertInstanceOf(StreamFormatException.class, e).error());
                    assertTrue(e.getMessage().contains("seq=2"), e.getMessage());
                    test.completeNow();
                }))));
    }

    /**
     * Hashing on another thread: the same bytes and trailer as hashing in append(), and an extent is reported
     * written only once hashed: the source wipes each extent's bytes when it gets it back, while the digest thread
     * lags behind on purpose (a report before the hash would put the wiped bytes into the digest).
     */
    @Test
    void offThreadHashingGivesTheSameStreamAndReturnsExtentsOnlyOnceHashed(Vertx vertx, VertxTestContext test) {
        StreamHeader header = TestStreams.fullHeader(16L << 20);
        List<StreamExtent> extents = TestStreams.extents(new Random(5), header.virtualSize(), 100_000);
        Buffer expected = TestStreams.encode(header, extents, EncoderOptions.DEFAULT);
        List<StreamExtent> copies = extents.stream().map(e -> e.type() == FrameType.DATA
                ? StreamExtent.data(e.offset(), e.data().copy()) : e).toList();
        java.util.concurrent.ExecutorService slow = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Executor lagging = task -> slow.execute(() -> {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
        var it = copies.iterator();
        FrameSource wiping = new FrameSource() {
            @Override
            public Future<StreamExtent> next() {
                return Future.succeededFuture(it.hasNext() ? it.next() : null);
            }

            @Override
            public void written(StreamExtent extent) {
                if (extent.type() == FrameType.DATA) {
                    extent.data().setBytes(0, new byte[extent.data().length()]);
                }
            }
        };
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            SlowSink sink = new SlowSink(context);
            StreamEncoder encoder = new StreamEncoder(header, EncoderOptions.DEFAULT, lagging);
            new FramePump(context, encoder, wiping, sink).run()
                    .onComplete(test.succeeding(trailer -> test.verify(() -> {
                        slow.shutdown();
                        assertTrue(encoder.hashesOffThread());
                        assertEquals(TestStreams.decode(expected).getLast(), trailer);
                        assertEquals(expected, sink.received);
                        test.completeNow();
                    })));
        });
    }
}
