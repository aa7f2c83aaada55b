package io.vmferry.stream.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.FrameSource;
import io.vmferry.stream.api.StreamAuthException;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamRejectedException;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamAck;
import io.vmferry.stream.api.transport.StreamSender;
import io.vmferry.stream.api.transport.StreamSinkServer;
import io.vmferry.stream.api.transport.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsStreamTest {
    private static final int MIB = 1 << 20;
    @TempDir
    static Path tmp;
    private static Path certs;
    private static Path rogue;
    private static String sinkFingerprint;
    private static String senderFingerprint;

    private final AtomicInteger receiversCreated = new AtomicInteger();
    private final Set<String> receiverThreads = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RecordingReceiver> receiver = new AtomicReference<>();

    @BeforeAll
    static void createCertificates() {
        certs = tmp.resolve("certs");
        rogue = tmp.resolve("rogue");
        var issued = CertificateAuthority.initDirectory(certs, List.of("sink", "sender", "other")).issued();
        sinkFingerprint = issued.get(0).fingerprint();
        senderFingerprint = issued.get(1).fingerprint();
        CertificateAuthority.initDirectory(rogue, List.of("sender"));
    }

    private Future<StreamSinkServer> sink(Vertx vertx, TlsConfig tls, String failTrailerWith) {
        return sink(vertx, tls, failTrailerWith, false);
    }

    private Future<StreamSinkServer> sink(Vertx vertx, TlsConfig tls, String failTrailerWith,
                                          boolean doneWithPayloads) {
        return StreamSinkServer.start(vertx, SinkOptions.of(tls).withInFlight(4 * MIB, 64), peer -> {
            receiversCreated.incrementAndGet();
            receiverThreads.add(Thread.currentThread().getName());
            RecordingReceiver r = new RecordingReceiver(vertx, failTrailerWith, doneWithPayloads);
            receiver.set(r);
            return r;
        });
    }

    /** 64 MiB of data (half random, half compressible) in 1 MiB extents, with zero and hole extents between. */
    private static FrameSource bigSource() {
        int[] index = {0};
        return () -> {
            int i = index[0]++;
            if (i >= 64 * 3) {
                return Future.succeededFuture(null);
            }
            long base = (long) (i / 3) * 4 * MIB;
            Random rnd = new Random(i);
            return Future.succeededFuture(switch (i % 3) {
                case 0 -> StreamExtent.data(base, (i / 3) % 2 == 0 ? TestStreams.random(rnd, MIB)
                        : TestStreams.compressible(rnd, MIB));
                case 1 -> StreamExtent.zero(base + MIB, MIB);
                default -> StreamExtent.hole(base + 3 * MIB, MIB);
            });
        };
    }

    private static FrameSource smallSource() {
        return FrameSource.of(List.of(StreamExtent.data(0, Buffer.buffer("hello")), StreamExtent.zero(4096, 4096)));
    }

    @Test
    void sixtyFourMibArriveIntactWithPinnedPeers(Vertx vertx, VertxTestContext test) {
        StreamHeader header = TestStreams.fullHeader(256L * MIB);
        TlsConfig sinkTls = TlsConfig.fromDirectory(certs, "sink").pinPeers(List.of(senderFingerprint));
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "sender")
                .pinPeers(List.of(sinkFingerprint)))
                .withEncoder(EncoderOptions.DEFAULT.withCompression(Compression.LZ4)));
        sink(vertx, sinkTls, null)
                .compose(sink -> sender.send("127.0.0.1", sink.port(), header, bigSource()))
                .onComplete(test.succeeding(ack -> test.verify(() -> {
                    RecordingReceiver r = receiver.get();
                    assertEquals(64L * MIB, ack.trailer().counts().dataBytes());
                    assertEquals(64L * MIB, r.dataBytes.get());
                    assertEquals(ack.sha256(), r.sha256.get(), "sink content equals what was sent");
                    assertEquals(ack.trailer().sequence() + 1, r.frames.get());
                    assertTrue(ack.bytes() < 50L * MIB, "LZ4 shrank the compressible half: " + ack.bytes());
                    assertTrue(r.maxInFlightBytes.get() <= 5 * MIB, "in flight " + r.maxInFlightBytes.get());
                    assertEquals(null, r.aborted.get());
                    test.completeNow();
                })));
    }

    /**
     * A receiver done with each frame when its future completes gets the TLS handler's buffers themselves, unchanged
     * while the frame is in flight and given back as its future completes.
     */
    @Test
    void framesOfAReceiverDoneWithThemKeepTheTlsBuffersUntilTheirFutureCompletes(Vertx vertx, VertxTestContext test) {
        StreamHeader header = TestStreams.fullHeader(256L * MIB);
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "sender")));
        sink(vertx, TlsConfig.fromDirectory(certs, "sink"), null, true)
                .compose(sink -> sender.send("127.0.0.1", sink.port(), header, bigSource()))
                .onComplete(test.succeeding(ack -> test.verify(() -> {
                    RecordingReceiver r = receiver.get();
                    assertEquals(64L * MIB, r.dataBytes.get());
                    assertEquals(ack.sha256(), r.sha256.get(), "sink content equals what was sent");
                    assertEquals(0, r.changedInFlight.get(), "no frame's memory was reused before it completed");
                    assertEquals(0, r.copiedPayloads.get(), "payloads are the TLS handler's direct buffers, not copies");
                    assertEquals(0, r.heldAfterCompletion.get(), "every payload given back when its frame completed");
                    test.completeNow();
                })));
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefusedBeforeAnyFrame(Vertx vertx, VertxTestContext test)
            throws Exception {
        TlsConfig impostor = TlsConfig.of(Buffer.buffer(Files.readAllBytes(rogue.resolve("sender.crt"))),
                Buffer.buffer(Files.readAllBytes(rogue.resolve("sender.key"))),
                Buffer.buffer(Files.readAllBytes(certs.resolve("ca.crt"))));
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(impostor));
        sink(vertx, TlsConfig.fromDirectory(certs, "sink"), null)
                .compose(sink -> sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(StreamAuthException.class, e, e.toString());
                    assertEquals(0, receiversCreated.get(), "no receiver for an unauthenticated peer");
                    test.completeNow();
                })));
    }

    @Test
    void sinkRefusesAnUnpinnedClient(Vertx vertx, VertxTestContext test) {
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "other")));
        TlsConfig sinkTls = TlsConfig.fromDirectory(certs, "sink").pinPeers(List.of(senderFingerprint));
        sink(vertx, sinkTls, null)
                .compose(sink -> sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(StreamAuthException.class, e, e.toString());
                    assertTrue(e.getMessage().contains("not among the pinned fingerprints"), e.getMessage());
                    assertEquals(0, receiversCreated.get());
                    test.completeNow();
                })));
    }

    @Test
    void senderRefusesAnUnpinnedSinkWithoutWriting(Vertx vertx, VertxTestContext test) {
        String wrong = "00:".repeat(31) + "00";
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "sender")
                .pinPeers(List.of(wrong))));
        sink(vertx, TlsConfig.fromDirectory(certs, "sink"), null)
                .compose(sink -> sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(StreamAuthException.class, e, e.toString());
                    RecordingReceiver r = receiver.get();
                    assertTrue(r == null || r.frames.get() == 0, "no frame reached the sink");
                    test.completeNow();
                })));
    }

    @Test
    void sinkFailureReachesTheSenderAndJdkEngineWorks(Vertx vertx, VertxTestContext test) {
        StreamSender sender = new StreamSender(vertx,
                SenderOptions.of(TlsConfig.fromDirectory(certs, "sender").preferOpenSsl(false)));
        sink(vertx, TlsConfig.fromDirectory(certs, "sink").preferOpenSsl(false), "disk full")
                .compose(sink -> sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(StreamRejectedException.class, e, e.toString());
                    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
                    assertNotNull(receiver.get().aborted.get());
                    test.completeNow();
                })));
    }

    /** Concurrent streams are decoded on different event loops (one server per processor on the shared port). */
    @Test
    void oneSenderManyStreams(Vertx vertx, VertxTestContext test) {
        StreamSender sender = new StreamSender(vertx, SenderOptions.of(TlsConfig.fromDirectory(certs, "sender")));
        sink(vertx, TlsConfig.fromDirectory(certs, "sink"), null)
                .compose(sink -> Future.all(List.of(
                        sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()),
                        sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()),
                        sender.send("127.0.0.1", sink.port(), TestStreams.fullHeader(MIB), smallSource()))))
                .onComplete(test.succeeding(all -> test.verify(() -> {
                    List<StreamAck> acks = all.list();
                    assertEquals(1, acks.stream().map(StreamAck::sha256).distinct().count());
                    assertEquals(3, receiversCreated.get());
                    assertEquals(Math.min(3, Runtime.getRuntime().availableProcessors()), receiverThreads.size(),
                            "connections spread over event loops: " + receiverThreads);
                    test.completeNow();
                })));
    }
}
