package io.vmferry.bridge.repo;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.Compression;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamDecoder;
import io.vmferry.stream.api.StreamEncoder;
import io.vmferry.stream.api.StreamExtent;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds a repository the way the sink does: each stream is encoded as a sender would (small
 * frames, LZ4 on odd points), decoded into verified frames, stored through {@link IncomingStream}
 * and committed with {@link LocalRepository#commit}. Keeps the expected image of every disk at every
 * point, computed independently by {@link DiskModel}.
 */
final class ChainFixture {
    static final String VM = "lab/101";
    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");

    final LocalRepository repo;
    private final Map<String, DiskModel> current = new LinkedHashMap<>();
    private final Map<String, Map<String, DiskModel>> expected = new HashMap<>();
    private final Map<String, DiskModel> fullBase = new HashMap<>();
    private int count;

    private final String vm;

    ChainFixture(Path root) {
        this(root, VM);
    }

    /** A fixture storing points of {@code vmKey} (several may share a repository). */
    ChainFixture(Path root, String vmKey) {
        this.repo = LocalRepository.open(root);
        this.vm = vmKey;
    }

    /**
     * Stores a point of this fixture's VM ({@link #VM} by default) with the given extents per disk (all disks
     * {@code size} bytes).
     */
    Point store(String id, String level, String parent, long size, Map<String, List<StreamExtent>> disks)
            throws IOException {
        Instant time = T0.plusSeconds(600L * count);
        EncoderOptions sender = new EncoderOptions(count % 2 == 1 ? Compression.LZ4 : Compression.NONE, 64 << 10);
        count++;
        List<PointDisk> stored = new ArrayList<>();
        for (Map.Entry<String, List<StreamExtent>> d : disks.entrySet()) {
            StreamHeader h = new StreamHeader("job-" + id, vm, d.getKey(), size, level(level), parent, 0, time, null);
            StoredStream s = storeStream(repo.layout().streamFile(vm, id, d.getKey()), h, d.getValue(), sender);
            stored.add(new PointDisk(d.getKey(), size, s.bytes(), s.dataBytes(), s.sha256(), "qcow2"));
            track(id, level, d.getKey(), (int) Math.min(size, Integer.MAX_VALUE - 8), d.getValue());
        }
        Point p = new Point(id, vm, "web1", time, level, null, parent, "crash", "job-" + id, List.of(), stored);
        repo.commit(p, "name: web1\nscsi0: local:101/vm-101-disk-0.qcow2\n");
        return p;
    }

    /** Expected bytes of {@code disk} at point {@code id}. */
    byte[] expected(String id, String disk) {
        return expected.get(id).get(disk).bytes();
    }

    /** Encodes {@code extents} as a sender would, decodes them and stores them as the sink does. */
    static StoredStream storeStream(Path file, StreamHeader h, List<StreamExtent> extents, EncoderOptions sender)
            throws IOException {
        return storeFrames(file, h, frames(h, extents, sender), false, t -> t);
    }

    /**
     * Stores decoded frames through {@link IncomingStream} as the sink does; {@code fromSink}: as frames the sink's
     * decoder checked (not hashed again, the trailer's SHA-256 carried), and {@code trailer} may replace the received
     * trailer (a sender whose trailer lies).
     */
    static StoredStream storeFrames(Path file, StreamHeader h, List<StreamFrame> frames, boolean fromSink,
                                    UnaryOperator<StreamTrailer> trailer) throws IOException {
        Files.createDirectories(file.getParent());
        EncoderOptions storage = EncoderOptions.DEFAULT.withCompression(Compression.LZ4);
        try (IncomingStream in = IncomingStream.create(file, h, storage, fromSink)) {
            StreamTrailer received = null;
            for (StreamFrame f : frames) {
                if (f instanceof ContentFrame c) {
                    in.append(c);
                } else if (f instanceof StreamTrailer t) {
                    received = t;
                }
            }
            return in.commit(trailer.apply(received));
        }
    }

    /** The verified frames a sink would receive for {@code extents}. */
    static List<StreamFrame> frames(StreamHeader h, List<StreamExtent> extents, EncoderOptions sender) {
        StreamEncoder enc = new StreamEncoder(h, sender);
        Buffer wire = enc.start();
        extents.forEach(e -> wire.appendBuffer(enc.append(e)));
        wire.appendBuffer(enc.finish());
        List<StreamFrame> frames = new ArrayList<>();
        StreamDecoder dec = new StreamDecoder(frames::add);
        dec.feed(wire);
        dec.end();
        return frames;
    }

    static BackupLevel level(String label) {
        return BackupLevel.valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }

    private void track(String id, String level, String disk, int size, List<StreamExtent> extents) {
        if (size > (64 << 20)) {
            return;
        }
        DiskModel base = switch (level) {
            case "full" -> new DiskModel(size);
            case "differential" -> fullBase.get(disk).copy();
            default -> current.get(disk).copy();
        };
        base.apply(extents);
        if (level.equals("full")) {
            fullBase.put(disk, base.copy());
        }
        current.put(disk, base);
        expected.computeIfAbsent(id, k -> new HashMap<>()).put(disk, base.copy());
    }
}
