package io.vmferry.receiver;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.TlsConfig;
import io.vmferry.stream.impl.transport.TlsSupport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A sender with a valid certificate that flips one byte inside the last data frame's payload, so
 * the receiver has applied earlier frames to its working copy when the CRC check fails.
 */
final class CorruptSender {

    private CorruptSender() {
    }

    /** Sends the corrupted stream and returns what the sink answered (lossy text) once it closed. */
    static List<String> send(Vertx vertx, TlsConfig tls, int port, StreamHeader header, List<StreamExtent> extents)
            throws Exception {
        StreamEncoder encoder = new StreamEncoder(header, EncoderOptions.DEFAULT);
        Buffer bytes = Buffer.buffer().appendBuffer(encoder.start());
        int lastData = -1;
        for (int i = 0; i < extents.size(); i++) {
            if (extents.get(i).type() == FrameType.DATA) {
                lastData = i;
            }
        }
        for (int i = 0; i < extents.size(); i++) {
            Buffer frame = encoder.append(extents.get(i));
            if (i == lastData) {
                int at = frame.length() - 100;
                frame = frame.copy().setByte(at, (byte) (frame.getByte(at) ^ 0x5a));
            }
            bytes.appendBuffer(frame);
        }
        bytes.appendBuffer(encoder.finish());
        NetClient client = vertx.createNetClient(TlsSupport.clientOptions(SenderOptions.of(tls)));
        try {
            NetSocket socket = client.connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
            Buffer answer = Buffer.buffer();
            Promise<Void> closed = Promise.promise();
            socket.handler(answer::appendBuffer);
            socket.closeHandler(v -> closed.tryComplete());
            socket.write(bytes);
            closed.future().await(30, TimeUnit.SECONDS);
            return List.of(answer.toString(StandardCharsets.ISO_8859_1).toLowerCase());
        } finally {
            client.close().await(10, TimeUnit.SECONDS);
        }
    }
}
