package io.vmferry.bridge.repo;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.TlsConfig;
import io.vmferry.stream.impl.transport.TlsSupport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A sender that writes arbitrary bytes after READY (with the reader's real certificate), to feed
 * the sink streams a correct sender never produces.
 */
final class RawSender {
    private static final int CONTROL_HEADER = 52;

    /** The sink's last control message. */
    record Reply(int kind, String text) {
    }

    private RawSender() {
    }

    /** A stream for {@code extents} whose trailer SHA-256 is wrong (its frame CRC recomputed, so only the digest is off). */
    /** Bytes of the trailer frame and stop marker at the end of every stream. */
    static final int TRAILER_BYTES = 36 + 88 + 8;

    static Buffer forgedDigest(StreamHeader header, List<StreamExtent> extents) {
        StreamEncoder enc = new StreamEncoder(header, EncoderOptions.DEFAULT);
        Buffer wire = enc.start();
        extents.forEach(e -> wire.appendBuffer(enc.append(e)));
        wire.appendBuffer(enc.finish());
        int trailer = wire.length() - 8 - 88 - 36;
        int sha = trailer + 36 + 56;
        wire.setByte(sha, (byte) (wire.getByte(sha) ^ 1));
        CRC32C crc = new CRC32C();
        crc.update(wire.getBytes(trailer, trailer + 32));
        crc.update(wire.getBytes(trailer + 36, trailer + 36 + 88));
        wire.setInt(trailer + 32, (int) crc.getValue());
        return wire;
    }

    /**
     * Connects to the harness's sink, waits for READY, writes {@code bytes} in two parts (the last
     * {@code tail} bytes half a second after the rest, so the frames before them reach the
     * receiver first) and returns the answer.
     */
    static Reply send(SinkHarness h, Buffer bytes, int tail) throws Exception {
        NetClient client = h.vertx.createNetClient(TlsSupport.clientOptions(
                SenderOptions.of(TlsConfig.fromDirectory(h.certs, "extent-reader-svc"))));
        Promise<Reply> answer = Promise.promise();
        Buffer received = Buffer.buffer();
        NetSocket socket = client.connect(h.sink.port(), "127.0.0.1").await(10, TimeUnit.SECONDS);
        boolean[] sent = {false};
        socket.handler(chunk -> {
            received.appendBuffer(chunk);
            // READY may arrive in more than one read: send once its header is complete
            if (!sent[0] && received.length() >= CONTROL_HEADER) {
                sent[0] = true;
                socket.write(bytes.slice(0, bytes.length() - tail));
                h.vertx.setTimer(500, t -> socket.write(bytes.slice(bytes.length() - tail, bytes.length())));
            }
        });
        socket.closeHandler(v -> {
            int last = received.length() > CONTROL_HEADER ? CONTROL_HEADER : 0;
            int n = received.getUnsignedShort(last + 6);
            answer.tryComplete(new Reply(received.getUnsignedByte(last + 4),
                    new String(received.getBytes(last + CONTROL_HEADER, last + CONTROL_HEADER + n), StandardCharsets.UTF_8)));
        });
        try {
            return answer.future().await(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }
}
