package io.vmferry.stream.impl.transport;

import io.vmferry.stream.api.FramePump;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamAuthException;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.api.StreamRejectedException;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.StreamTransportException;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * One outgoing stream on a connected, authenticated socket: wait for READY (nothing is written
 * before the sink has accepted this peer), pump the frames, wait for ACK and check its SHA-256.
 * Runs on the socket's context only.
 */
public final class SenderConnection {
    private enum State { AWAIT_READY, SENDING, AWAIT_ACK, DONE }

    private final NetSocket socket;
    private final Context context;
    private final SenderOptions options;
    private final StreamEncoder encoder;
    private final FrameSource source;
    private final String where;
    private final Promise<StreamAck> result = Promise.promise();
    private final ControlDecoder control = new ControlDecoder(this::onControl);
    private State state = State.AWAIT_READY;
    private FramePump pump;
    private StreamTrailer sent;
    private long timer = -1;

    public SenderConnection(NetSocket socket, Context context, SenderOptions options, StreamEncoder encoder,
                            FrameSource source, String where) {
        this.socket = socket;
        this.context = context;
        this.options = options;
        this.encoder = encoder;
        this.source = source;
        this.where = where;
    }

    /** Runs the exchange; the future completes after the sink's acknowledgement, and the socket is closed. */
    public Future<StreamAck> run() {
        socket.handler(this::onBytes);
        socket.exceptionHandler(e -> fail(TlsSupport.classify(e, "sink " + where)));
        socket.closeHandler(v -> fail(new StreamTransportException("sink " + where + " closed the connection "
                + (state == State.AWAIT_READY ? "before it was ready (certificate refused?)"
                : "before acknowledging (sent up to seq=" + (encoder.nextSequence() - 1) + ")"))));
        arm(options.readyTimeout(), "READY");
        return result.future();
    }

    private void onBytes(Buffer chunk) {
        try {
            control.feed(chunk);
        } catch (StreamException e) {
            fail(e);
        }
    }

    private void onControl(ControlMessage message) {
        switch (message.kind()) {
            case READY -> onReady(message);
            case ACK -> onAck(message);
            case ERROR -> fail(state == State.AWAIT_READY
                    ? new StreamAuthException("sink " + where + " refused this sender: " + message.text())
                    : new StreamRejectedException("sink " + where + " rejected the stream: " + message.text()));
        }
    }

    private void onReady(ControlMessage message) {
        if (state != State.AWAIT_READY) {
            fail(new StreamTransportException("sink " + where + " sent READY twice"));
            return;
        }
        if (message.value() < options.encoder().maxDataFrameBytes()) {
            fail(new StreamRejectedException("sink " + where + " accepts data frames up to " + message.value()
                    + " bytes, this sender uses " + options.encoder().maxDataFrameBytes()));
            return;
        }
        disarm();
        state = State.SENDING;
        pump = new FramePump(context, encoder, source, socket);
        pump.run().onComplete(ar -> {
            if (ar.failed()) {
                fail(ar.cause() instanceof StreamException se ? se : TlsSupport.classify(ar.cause(), "sink " + where));
            } else if (state == State.SENDING) {
                sent = ar.result();
                state = State.AWAIT_ACK;
                arm(options.ackTimeout(), "the acknowledgement");
            }
        });
    }

    private void onAck(ControlMessage message) {
        if (state != State.AWAIT_ACK) {
            fail(new StreamTransportException("sink " + where + " acknowledged before the stream was complete"));
        } else if (message.value() != sent.sequence() || !sent.sha256().equals(message.sha256())) {
            fail(new StreamTransportException("sink " + where + " acknowledged seq=" + message.value() + " sha256 "
                    + message.sha256() + ", sent seq=" + sent.sequence() + " sha256 " + sent.sha256()));
        } else {
            finish();
            result.tryComplete(new StreamAck(sent, encoder.bytesWritten()));
        }
    }

    private void fail(StreamException cause) {
        if (state == State.DONE) {
            return;
        }
        if (pump != null) {
            pump.cancel(cause);
        }
        finish();
        result.tryFail(cause);
    }

    private void finish() {
        state = State.DONE;
        disarm();
        socket.close();
    }

    private void arm(Duration timeout, String what) {
        disarm();
        timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id -> {
            timer = -1;
            fail(new StreamTransportException("sink " + where + " did not send " + what + " within " + timeout));
        });
    }

    private void disarm() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }
}
