package io.vmferry.stream.impl.transport;

import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.StreamDecoder;
import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.StreamTransportException;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated incoming stream: socket bytes → {@link StreamDecoder} → a queue → the
 * {@link StreamReceiver}, pausing the socket while the queue is not empty (so memory is one socket
 * read plus the in-flight window), then ACK or ERROR back to the sender. Runs on the socket's
 * event loop only.
 */
public final class SinkConnection {
    private static final Logger LOGGER = LoggerFactory.getLogger(SinkConnection.class);

    private enum State { RECEIVING, ACKED, FAILED }

    private final NetSocket socket;
    private final SinkOptions options;
    private final StreamReceiver receiver;
    private final StreamDecoder decoder;
    /** Longest wait for a failed sender to hang up before the sink closes (see {@link #drainThenClose}). */
    private static final long DRAIN_MS = 10_000;
    private final ArrayDeque<StreamFrame> queue = new ArrayDeque<>();
    private State state = State.RECEIVING;
    private long inFlightBytes;
    private int inFlightFrames;
    private boolean barrier;
    private boolean pumping;
    private boolean paused;
    private StreamTrailer committed;

    public SinkConnection(NetSocket socket, SinkOptions options, StreamReceiver receiver) {
        this.socket = socket;
        this.options = options;
        this.receiver = receiver;
        // a receiver that does not keep payloads gets the TLS handler's buffers, released once it is done
        this.decoder = !receiver.keepsPayloads()
                ? StreamDecoder.retaining(options.limits(), options.digestCheck(), queue::add)
                : new StreamDecoder(options.limits(), options.digestCheck(), queue::add);
    }

    /** Installs the socket handlers and tells the sender it may start. */
    public void start() {
        ((NetSocketInternal) socket).messageHandler(this::onMessage);
        socket.endHandler(v -> onEnd());
        socket.exceptionHandler(e -> fail(TlsSupport.classify(e, "sender " + socket.remoteAddress())));
        socket.closeHandler(v -> fail(new StreamTransportException("sender " + socket.remoteAddress()
                + " closed the connection after frame seq=" + decoder.lastSequence())));
        socket.write(ControlMessage.ready(options.limits().maxDataFrameBytes()).encode());
    }

    /**
     * Socket reads as Netty delivers them, before Vert.x copies each into a fresh heap buffer: the
     * decoder copies the bytes out once (into the frame they belong to) and the buffer is released.
     */
    private void onMessage(Object message) {
        if (!(message instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            onBytes(BufferInternal.buffer(buf));
        } finally {
            buf.release();
        }
    }

    private void onBytes(Buffer borrowed) {
        if (state != State.RECEIVING) {
            return;
        }
        try {
            decoder.feedBorrowed(borrowed);
        } catch (StreamException e) {
            fail(e);
            return;
        }
        pump();
    }

    private void onEnd() {
        if (state != State.RECEIVING) {
            return;
        }
        if (decoder.position() == 0) {
            fail(new StreamTransportException("sender " + socket.remoteAddress()
                    + " hung up without sending a stream"));
            return;
        }
        try {
            decoder.end();
        } catch (StreamException e) {
            fail(e);
        }
    }

    /** Hands queued frames to the receiver while the window allows; re-entrant calls fold into the loop. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (state == State.RECEIVING && !queue.isEmpty() && mayDeliver(queue.peek())) {
                deliver(queue.poll());
            }
        } finally {
            pumping = false;
        }
        if (state == State.RECEIVING) {
            flowControl();
            maybeAck();
        }
    }

    private boolean mayDeliver(StreamFrame frame) {
        if (barrier) {
            return false;
        }
        if (!(frame instanceof ContentFrame)) {
            return inFlightFrames == 0;
        }
        return inFlightFrames < options.maxInFlightFrames() && inFlightBytes < options.maxInFlightBytes();
    }

    private void deliver(StreamFrame frame) {
        long weight = frame instanceof DataFrame data ? data.length() : 0;
        boolean isBarrier = frame instanceof StreamHeader || frame instanceof StreamTrailer;
        inFlightBytes += weight;
        inFlightFrames++;
        barrier = isBarrier;
        Future<Void> done;
        try {
            done = receiver.onFrame(frame);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(ar -> {
            release(frame);
            inFlightBytes -= weight;
            inFlightFrames--;
            if (isBarrier) {
                barrier = false;
            }
            if (ar.failed()) {
                String reason = ar.cause().getMessage() != null ? ar.cause().getMessage() : ar.cause().toString();
                fail(new StreamException("receiver failed at frame seq=" + frame.sequence() + ": " + reason,
                        ar.cause()));
                return;
            }
            if (frame instanceof StreamTrailer trailer) {
                committed = trailer;
            }
            pump();
        });
    }

    /** Gives back the TLS handler's buffers a data frame holds (nothing unless the decoder is retaining). */
    private void release(StreamFrame frame) {
        if (frame instanceof DataFrame data) {
            decoder.release(data);
        }
    }

    private void flowControl() {
        boolean full = !queue.isEmpty();
        if (full && !paused) {
            socket.pause();
            paused = true;
        } else if (!full && paused) {
            socket.resume();
            paused = false;
        }
    }

    private void maybeAck() {
        if (committed == null || !decoder.isComplete()) {
            return;
        }
        state = State.ACKED;
        StreamHeader h = decoder.header();
        LOGGER.info("[{} {} {}] stream received: {} frames, {} data bytes, sha256 {}", h.jobId(), h.vmKey(),
                h.diskName(), committed.sequence() + 1, committed.counts().dataBytes(), committed.sha256());
        socket.write(ControlMessage.ack(committed.sequence(), committed.sha256()).encode())
                .onComplete(ar -> socket.end());
    }

    private void fail(StreamException cause) {
        if (state != State.RECEIVING) {
            return;
        }
        state = State.FAILED;
        queue.forEach(this::release);
        queue.clear();
        decoder.discard();
        StreamHeader h = decoder.header();
        String stream = h == null ? "-" : h.jobId() + " " + h.vmKey() + " " + h.diskName();
        LOGGER.warn("[{}] stream from {} failed: {}", stream, socket.remoteAddress(), cause.getMessage());
        try {
            receiver.onAbort(cause);
        } catch (RuntimeException e) {
            LOGGER.warn("receiver abort handler failed", e);
        }
        socket.write(ControlMessage.error(decoder.lastSequence(), cause.getMessage()).encode())
                .onComplete(ar -> drainThenClose());
    }

    /**
     * Closing right away while the sender's frames are still unread makes the kernel answer with
     * RST, which can destroy the ERROR message before the sender reads it. So: discard what keeps
     * arriving until the sender (who stops on ERROR) hangs up, or at most {@link #DRAIN_MS}
     * ({@link #onMessage} releases what arrives once the state is no longer receiving).
     */
    private void drainThenClose() {
        socket.endHandler(v -> socket.close());
        socket.exceptionHandler(ignored -> socket.close());
        io.vertx.core.Context ctx = io.vertx.core.Vertx.currentContext();
        if (ctx != null) {
            long timer = ctx.owner().setTimer(DRAIN_MS, t -> socket.close());
            socket.closeHandler(v -> ctx.owner().cancelTimer(timer));
        }
        socket.resume();
        if (ctx == null) {
            socket.close();
        }
    }
}
