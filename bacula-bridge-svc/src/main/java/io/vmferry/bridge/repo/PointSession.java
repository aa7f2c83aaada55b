package io.vmferry.bridge.repo;

import io.vertx.core.Promise;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.bus.events.SnapshotReady;
import io.vmferry.bus.service.MarkFiles;
import io.vmferry.bus.service.OwnerMark;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One expected restore point: the disks a snapshot announced, which of them are being received and
 * which landed. State changes are synchronized (event loop and workers both call in); file-tree
 * changes (creating a stream, committing one, deleting the point directory) hold a separate lock
 * so that nothing is created in a point directory once its deletion started.
 */
final class PointSession {
    enum State { OPEN, COMMITTING, DONE, FAILED }

    final String jobId;
    final String vmKey;
    final SnapshotReady snapshot;
    final LevelPlan plan;
    final Path dir;
    private final Map<String, SnapshotDisk> expected = new LinkedHashMap<>();
    private final Map<String, StoredStream> landed = new HashMap<>();
    private final Set<String> receiving = new HashSet<>();
    private final Object files = new Object();
    /** The receiver mark is written (once per point, not per disk); guarded by {@link #files}. */
    private boolean marked;
    /** Completed once the session left the destination (stored or given up, listener told). */
    final Promise<Void> ended = Promise.promise();
    private State state = State.OPEN;
    private String error;
    long timer = -1;

    PointSession(String jobId, String vmKey, SnapshotReady snapshot, LevelPlan plan, Path dir) {
        this.jobId = jobId;
        this.vmKey = vmKey;
        this.snapshot = snapshot;
        this.plan = plan;
        this.dir = dir;
        snapshot.disks().forEach(d -> expected.put(d.name(), d));
    }

    String pointId() {
        return snapshot.checkpoint();
    }

    /** Accepts the stream {@code h} announces, or throws a one-line reason. */
    synchronized void claim(StreamHeader h) {
        String disk = h.diskName();
        SnapshotDisk d = expected.get(disk);
        String problem = state != State.OPEN ? "the backup " + (state == State.FAILED ? "failed: " + error : "is complete")
                : d == null ? "disk " + disk + " is not part of it (disks: " + String.join(", ", expected.keySet()) + ")"
                : landed.containsKey(disk) ? "disk " + disk + " was already received"
                : receiving.contains(disk) ? "disk " + disk + " is already being received"
                : !h.level().label().equals(plan.level()) ? "the stream is " + h.level().label() + ", the point is " + plan.level()
                : !Objects.equals(h.parentPointId(), plan.parent()) ? "the stream's parent is " + h.parentPointId()
                        + ", the point's parent is " + plan.parent()
                : h.virtualSize() != d.virtualSize() ? "disk " + disk + " has " + h.virtualSize()
                        + " bytes in the stream, " + d.virtualSize() + " in the snapshot"
                : null;
        if (problem != null) {
            throw new RepositoryException("point " + pointId() + " of " + vmKey + " refuses the stream of disk " + disk
                    + ": " + problem);
        }
        receiving.add(disk);
    }

    /** The stream of {@code disk} ended without landing. */
    synchronized void release(String disk) {
        receiving.remove(disk);
    }

    /** Records a landed stream; true when it was the last one (the session then commits). */
    synchronized boolean land(StoredStream stream) {
        receiving.remove(stream.disk());
        landed.put(stream.disk(), stream);
        if (state == State.OPEN && landed.keySet().containsAll(expected.keySet())) {
            state = State.COMMITTING;
            return true;
        }
        return false;
    }

    /** Fails the session; false when it had already ended (or is committing, unless {@code evenIfCommitting}). */
    synchronized boolean fail(String why, boolean evenIfCommitting) {
        if (state == State.OPEN || (state == State.COMMITTING && evenIfCommitting)) {
            state = State.FAILED;
            error = why;
            return true;
        }
        return false;
    }

    synchronized void done() {
        state = State.DONE;
    }

    synchronized State state() {
        return state;
    }

    synchronized String error() {
        return error;
    }

    /** Disks that have not landed yet. */
    synchronized List<String> missing() {
        return expected.keySet().stream().filter(d -> !landed.containsKey(d)).toList();
    }

    /** Creates the stream file of {@code h} (blocking). */
    IncomingStream openStream(StreamHeader h, EncoderOptions storage) throws IOException {
        synchronized (files) {
            requireOpen();
            // marked as ours before any stream file exists: if this process dies, the next bridge removes the point
            if (!marked) {
                MarkFiles.write(dir.resolve(RepositoryLayout.RECEIVER_FILE), OwnerMark.thisProcess());
                marked = true;
            }
            // the sink's decoder verified the frames (SessionReceiver): no second SHA-256 pass
            return IncomingStream.create(dir.resolve(h.diskName() + RepositoryLayout.STREAM_EXTENSION), h, storage, true);
        }
    }

    /** Commits a stream file (blocking). */
    StoredStream commitStream(IncomingStream stream, StreamTrailer trailer) throws IOException {
        synchronized (files) {
            requireOpen();
            return stream.commit(trailer);
        }
    }

    /** Deletes the point directory (blocking). */
    void deleteFiles() throws IOException {
        synchronized (files) {
            AtomicFiles.deleteTree(dir);
        }
    }

    /** The point to commit, disks in the snapshot's order. */
    synchronized Point point() {
        List<PointDisk> disks = expected.values().stream().map(d -> {
            StoredStream s = landed.get(d.name());
            return new PointDisk(d.name(), d.virtualSize(), s.bytes(), s.dataBytes(), s.sha256(), d.format());
        }).toList();
        return new Point(pointId(), vmKey, snapshot.vmName(), snapshot.time(), plan.level(), plan.levelReason(),
                plan.parent(), snapshot.consistency(), jobId, snapshot.warnings(), disks);
    }

    /** Per-disk results of the landed streams, in the snapshot's order. */
    synchronized List<DiskResult> results() {
        return expected.keySet().stream().filter(landed::containsKey).map(landed::get)
                .map(s -> new DiskResult(s.disk(), s.virtualSize(), s.dataBytes(), s.bytes(), s.seconds(), s.sha256()))
                .toList();
    }

    private void requireOpen() {
        State s = state();
        if (s != State.OPEN) {
            throw new RepositoryException("the backup of " + vmKey + " point " + pointId() + " "
                    + (s == State.FAILED ? "failed: " + error() : "is no longer receiving"));
        }
    }
}
