package io.vmferry.receiver;

import io.vmferry.bus.Json;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicas of replicated VM disks (layout: {@link ReplicaLayout}). A stream is applied in three
 * steps: {@link #begin} checks it against the replica (an incremental must build on the replica's
 * current point, a differential on its last full) and prepares the working copy; the frames are
 * written to it ({@link ReplicaUpdate#apply}); {@link #commit} makes it durable and renames it over the
 * replica. Until that rename the previous replica is untouched, and {@link #abort} only deletes the
 * working copy. The rename is bracketed in {@code state.json} by a {@code pending} entry, so
 * {@link #open} after a crash knows whether it happened. One stream per disk at a time; blocking
 * methods, call them from worker threads.
 */
public final class ReplicaStore {
    private final ReplicaLayout layout;
    private final Clock clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> vmLocks = new ConcurrentHashMap<>();

    private ReplicaStore(ReplicaLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    /** Opens (creating) the store at {@code root} and finishes or drops what a crash left half done. */
    public static ReplicaStore open(Path root, Clock clock) throws IOException {
        Files.createDirectories(root);
        ReplicaStore store = new ReplicaStore(new ReplicaLayout(root), clock);
        new ReplicaRecovery(store.layout).run();
        return store;
    }

    /** The store's layout. */
    public ReplicaLayout layout() {
        return layout;
    }

    /** The replica state of {@code vmKey} (empty when nothing was replicated). */
    public ReplicaState state(String vmKey) throws IOException {
        return read(layout, vmKey);
    }

    /** Claims the header's disk, checks the stream fits the replica and prepares its working copy. */
    ReplicaUpdate begin(StreamHeader h) throws IOException {
        String claim = h.vmKey() + " " + h.diskName();
        if (!busy.add(claim)) {
            throw new ReplicaException("a stream for " + claim + " is already being applied");
        }
        try {
            DiskReplica disk = state(h.vmKey()).disk(h.diskName());
            checkParent(h, disk);
            if (disk != null && h.level() != BackupLevel.FULL && !Files.exists(layout.replica(h.vmKey(), h.diskName()))) {
                throw new ReplicaException("replica of " + claim + " is missing its file "
                        + layout.replica(h.vmKey(), h.diskName()) + "; send a full stream");
            }
            return ReplicaUpdate.prepare(h, pointId(h), layout.part(h.vmKey(), h.diskName()),
                    layout.replica(h.vmKey(), h.diskName()));
        } catch (IOException | RuntimeException e) {
            busy.remove(claim);
            throw e;
        }
    }

    /** Makes the verified working copy the replica and records the applied stream; releases the disk. */
    AppliedStream commit(ReplicaUpdate u, StreamTrailer trailer) throws IOException {
        StreamHeader h = u.header;
        AppliedStream applied = new AppliedStream(u.point, h.level().label(), h.parentPointId(), h.createdAt(),
                h.virtualSize(), trailer.sha256(), clock.instant());
        try {
            u.finish();
            synchronized (vmLock(h.vmKey())) {
                ReplicaState state = state(h.vmKey());
                DiskReplica before = state.disk(h.diskName());
                DiskReplica disk = before != null ? before : new DiskReplica(null, null, null);
                write(layout, state.with(h.diskName(), disk.preparing(applied)));
                Durable.rename(u.part, u.replica);
                write(layout, state.with(h.diskName(), disk.preparing(applied).promoted()));
            }
            return applied;
        } catch (IOException | RuntimeException e) {
            // leaves state.json pending only if the rename happened; recovery at the next open settles it
            abort(u);
            throw e;
        } finally {
            if (u.markDone()) {
                busy.remove(h.vmKey() + " " + h.diskName());
            }
        }
    }

    /** Drops the working copy of a failed stream and releases the disk; the replica stays as it was. */
    void abort(ReplicaUpdate u) throws IOException {
        if (u.discard()) {
            busy.remove(u.header.vmKey() + " " + u.header.diskName());
        }
    }

    /** The point id of a stream: the {@code checkpoint} of its metadata, else its job id. */
    static String pointId(StreamHeader h) {
        Object checkpoint = h.metadata().getValue("checkpoint");
        return checkpoint instanceof String s && !s.isBlank() ? s : h.jobId();
    }

    private static void checkParent(StreamHeader h, DiskReplica disk) {
        String who = "replica of " + h.vmKey() + " " + h.diskName();
        if (h.level() == BackupLevel.FULL) {
            return;
        }
        if (disk == null || disk.current() == null) {
            throw new ReplicaException(who + " does not exist yet, " + h.level().label() + " stream builds on "
                    + h.parentPointId() + " (send a full stream first)");
        }
        String at = disk.current().point();
        if (h.level() == BackupLevel.INCREMENTAL && !at.equals(h.parentPointId())) {
            throw new ReplicaException(who + " is at point " + at + ", stream builds on " + h.parentPointId());
        }
        if (h.level() == BackupLevel.DIFFERENTIAL && !h.parentPointId().equals(disk.lastFull())) {
            throw new ReplicaException(who + " is at point " + at + " (last full " + disk.lastFull()
                    + "), differential stream builds on " + h.parentPointId());
        }
    }

    private Object vmLock(String vmKey) {
        return vmLocks.computeIfAbsent(vmKey, k -> new Object());
    }

    /** Reads the state file of {@code vmKey}; empty when there is none. */
    static ReplicaState read(ReplicaLayout layout, String vmKey) throws IOException {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(layout.state(vmKey)), ReplicaState.class);
        } catch (NoSuchFileException e) {
            return ReplicaState.empty(vmKey);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ReplicaException("cannot read " + layout.state(vmKey) + ": " + Json.firstLine(e.getOriginalMessage()));
        }
    }

    /** Writes the state file of {@code state.vmKey()} atomically. */
    static void write(ReplicaLayout layout, ReplicaState state) throws IOException {
        Durable.write(layout.state(state.vmKey()), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }
}
