package io.vmferry.convert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamSinkServer;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The convert service's extent-stream sink: a mutual-TLS {@link StreamSinkServer} that writes each
 * incoming full-backup stream straight into an image of any writable format (one pass, one frame of
 * memory per connection), so a restore lands as qcow2, VHDX or VMDK directly. {@code targets} says
 * where each stream goes (from its header); the sender's ACK means the image is complete under its
 * final name.
 *
 * <pre>{@code
 * ImageSink.start(vertx, SinkOptions.of(TlsConfig.fromDirectory(certs, "convert-svc")),
 *         h -> new SinkTarget(Path.of("/var/lib/vz/images/" + h.diskName() + ".qcow2"), null, Map.of()),
 *         (h, r) -> LOGGER.info("{} landed, sha256 {}", r.target(), r.sha256()));
 * }</pre>
 */
public final class ImageSink {
    /** Worker threads writing images (one stream uses one at a time). */
    public static final int WORKERS = 4;

    private final StreamSinkServer server;
    private final WorkerExecutor workers;

    private ImageSink(StreamSinkServer server, WorkerExecutor workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Binds and accepts streams; {@code targets} may throw to refuse a stream (the sender sees the message). */
    public static Future<ImageSink> start(Vertx vertx, SinkOptions options, Function<StreamHeader, SinkTarget> targets,
                                          BiConsumer<StreamHeader, ConversionResult> landed) {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("vmferry-convert-sink", WORKERS, 1, TimeUnit.DAYS);
        return StreamSinkServer.start(vertx, options, peer -> new StreamToImageReceiver(workers, targets, landed))
                .map(server -> new ImageSink(server, workers))
                .onFailure(e -> workers.close());
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The bound host. */
    public String host() {
        return server.host();
    }

    /** Stops accepting, closes open connections and the workers. */
    public Future<Void> close() {
        return server.close().eventually(workers::close);
    }
}
