package io.vmferry.bridge.repo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One restore point: one VM at one moment, one stream per disk (DESIGN §6). Stored as
 * {@code point.json} in the point's directory and as an entry of {@code index.json}.
 *
 * @param id          point id, the snapshot's checkpoint ({@code 20261122T051200Z-3f2a})
 * @param vm          VM key {@code host/vmid}
 * @param vmName      VM name at the point (may be null)
 * @param time        when the snapshot was taken
 * @param level       {@code full}, {@code incremental} or {@code differential}
 * @param levelReason why the level differs from the one asked for, or null
 * @param parent      the point this one builds on: null for full
 * @param consistency {@code crash} or {@code application} (may be null)
 * @param jobId       job that stored the point; also the job id in each stream's header
 * @param warnings    snapshot warnings
 * @param disks       the disks, in the VM's order
 */
@JsonPropertyOrder({"id", "vm", "vmName", "time", "level", "levelReason", "parent", "consistency", "jobId",
        "warnings", "bytes", "disks"})
public record Point(String id, String vm, String vmName, Instant time, String level, String levelReason,
                    String parent, String consistency, String jobId, List<String> warnings, List<PointDisk> disks) {
    /** The levels a point may have. */
    public static final Set<String> LEVELS = Set.of("full", "incremental", "differential");

    /** Validates the fields and copies the lists. */
    public Point {
        RepositoryLayout.requireName("point id", id);
        RepositoryLayout.requireVmKey(vm);
        if (time == null) {
            throw new IllegalArgumentException("point " + id + " has no time");
        }
        if (level == null || !LEVELS.contains(level)) {
            throw new IllegalArgumentException("point " + id + " has unknown level '" + level + "'");
        }
        if (level.equals("full") != (parent == null)) {
            throw new IllegalArgumentException("point " + id + ": a " + level + " point "
                    + (parent == null ? "needs a parent" : "has no parent"));
        }
        if (disks == null || disks.isEmpty()) {
            throw new IllegalArgumentException("point " + id + " has no disks");
        }
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        disks = List.copyOf(disks);
    }

    /** Bytes of all stored streams of the point. */
    @JsonProperty("bytes")
    public long bytes() {
        return disks.stream().mapToLong(PointDisk::bytes).sum();
    }

    /** The vmid part of the VM key ({@code host/vmid}). */
    @JsonIgnore
    public String vmid() {
        return vm.substring(vm.indexOf('/') + 1);
    }

    /** True for a full point (no parent). */
    @JsonIgnore
    public boolean isFull() {
        return parent == null;
    }

    /** The disk called {@code name}, if the point has it. */
    public Optional<PointDisk> disk(String name) {
        return disks.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Names of the disks, in order. */
    public List<String> diskNames() {
        return disks.stream().map(PointDisk::name).toList();
    }
}
