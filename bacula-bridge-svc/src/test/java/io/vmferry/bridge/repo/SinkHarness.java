package io.vmferry.bridge.repo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.events.PointStored;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.stream.api.transport.StreamSinkServer;
import io.vmferry.stream.api.transport.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LocalDestination} behind a real mutual-TLS {@link StreamSinkServer}, a CA made for the
 * test, and a {@link StreamSender} with the reader's certificate pinning the sink.
 */
final class SinkHarness implements AutoCloseable {
    final Path certs;
    final Vertx vertx = Vertx.vertx();
    final LocalRepository repo;
    final LocalDestination destination;
    final StreamSinkServer sink;
    final StreamSender sender;
    final BlockingQueue<PointStored> outcomes = new LinkedBlockingQueue<>();

    SinkHarness(Path tmp, Duration timeout) throws Exception {
        certs = tmp.resolve("certs");
        String fingerprint = CertificateAuthority.initDirectory(certs).issued().stream()
                .filter(c -> c.name().equals("bacula-bridge-svc")).findFirst().orElseThrow().fingerprint();
        repo = LocalRepository.open(tmp.resolve("repo"));
        destination = new LocalDestination(vertx, repo, EncoderOptions.DEFAULT.withCompression(Compression.LZ4), timeout,
                (job, vm, snapshot, result) -> outcomes.add(result));
        sink = StreamSinkServer.start(vertx, SinkOptions.of(TlsConfig.fromDirectory(certs, "bacula-bridge-svc")),
                destination::receiver).await(10, TimeUnit.SECONDS);
        sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "extent-reader-svc")
                .pinPeers(List.of(fingerprint))).withEncoder(new EncoderOptions(Compression.LZ4, 256 << 10)));
    }

    /** A snapshot of {@code lab/101} at {@code level} with the given disks (all qcow2 of {@code size}). */
    static SnapshotReady snapshot(String checkpoint, Instant time, String level, String since, long size,
                                  String... disks) {
        return new SnapshotReady(checkpoint, time, level, null, since, "crash", List.of(), "local", "web1", "name: web1\n",
                java.util.Arrays.stream(disks).map(d -> new SnapshotDisk(d, size, "qcow2", null)).toList());
    }

    /** Sends one stream to the sink. */
    Future<StreamAck> send(StreamHeader header, List<StreamExtent> extents) {
        return sender.send("127.0.0.1", sink.port(), header, FrameSource.of(extents));
    }

    /** The next outcome the destination reported. */
    PointStored outcome() throws InterruptedException {
        PointStored p = outcomes.poll(30, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no points.stored outcome within 30 s");
        }
        return p;
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }
}
