package io.vmferry.bus.events;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code jobs.requested}.
 *
 * @param kind        {@value #BACKUP}; or, on the local repository, {@value #POINTS}, {@value #VERIFY},
 *                    {@value #PRUNE} or {@value #RESTORE}
 * @param selection   VM selection (DESIGN §5); for {@value #POINTS}, {@value #VERIFY} and {@value #PRUNE}: {@code *}
 *                    (or null), a VMID or a VM key; for {@value #RESTORE}: one VMID or VM key
 * @param exclude     VMIDs to leave out
 * @param level       {@code full}, {@code incremental} or {@code differential}
 * @param quiesce     freeze guest file systems through the guest agent (falls back to crash-consistent)
 * @param destination destination name: {@code local} (the repository) or {@code bacula}
 * @param startBy     optional: a request still waiting on the bus after this moment is refused, not started (the
 *                    CLI sets it to the time it waits for an answer, so a backup asked for while no stack ran does
 *                    not start hours later when one starts); absent, the request waits as long as it takes
 * @param verify      the options of a {@value #VERIFY} job (null: defaults)
 * @param prune       the policy of a {@value #PRUNE} job (required for it); for a {@value #BACKUP}, optional: the
 *                    retention applied to each VM's points after its backup in place of {@code repository.retention}
 *                    (vzdump's {@code --prune-backups})
 * @param restore     what a {@value #RESTORE} job rebuilds and where (required for it)
 * @param rateLimitMib a {@value #BACKUP}'s own read rate limit in MiB/s, all its disks together (vzdump's
 *                    {@code --bwlimit}); 0: none of its own. The reader's {@code backup.rate-limit-mib} holds as well.
 */
public record JobRequest(String kind, String selection, List<Integer> exclude, String level, boolean quiesce,
                         String destination, Instant startBy, VerifyOptions verify, PruneOptions prune,
                         RestoreOptions restore, int rateLimitMib) {
    /** A backup of the selected VMs. */
    public static final String BACKUP = "backup";
    /** List the restore points of the local repository (what {@code vmferry points} shows). */
    public static final String POINTS = "points";
    /** Read restore points of the local repository back and check them. */
    public static final String VERIFY = "verify";
    /** Remove the restore points of the local repository a retention policy does not keep. */
    public static final String PRUNE = "prune";
    /** Rebuild disks of a restore point from the local repository into new images on the bridge's node. */
    public static final String RESTORE = "restore";

    public JobRequest {
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        destination = destination == null ? "local" : destination;
    }

    /** A backup request without a start deadline. */
    public JobRequest(String kind, String selection, List<Integer> exclude, String level, boolean quiesce,
                      String destination) {
        this(kind, selection, exclude, level, quiesce, destination, null, null, null, null, 0);
    }

    /** A {@value #POINTS} listing of the local repository. */
    public static JobRequest points(String selection) {
        return new JobRequest(POINTS, selection, null, null, false, null, null, null, null, null, 0);
    }

    /** A {@value #VERIFY} job on the local repository. */
    public static JobRequest verify(String selection, VerifyOptions options) {
        return new JobRequest(VERIFY, selection, null, null, false, null, null, options, null, null, 0);
    }

    /** A {@value #PRUNE} job on the local repository. */
    public static JobRequest prune(String selection, PruneOptions policy) {
        return new JobRequest(PRUNE, selection, null, null, false, null, null, null, policy, null, 0);
    }

    /** A {@value #RESTORE} job from the local repository. */
    public static JobRequest restore(String vm, RestoreOptions what) {
        return new JobRequest(RESTORE, vm, null, null, false, null, null, null, null, what, 0);
    }

    /** Whether the job works on the local repository alone (the bridge's), not on VMs. */
    public boolean onRepository() {
        return POINTS.equals(kind) || VERIFY.equals(kind) || PRUNE.equals(kind) || RESTORE.equals(kind);
    }

    /**
     * Why a request made at {@code requested} must not start {@code now} (its {@code startBy} passed), or null: the
     * message of the {@code refused} {@code jobs.finished}.
     */
    public String lateReason(Instant requested, Instant now) {
        return startBy != null && now.isAfter(startBy)
                ? "not started: the request (" + requested + ") had to start by " + startBy : null;
    }

    /** The same request, to be refused if not taken on by {@code deadline}. */
    public JobRequest startingBy(Instant deadline) {
        return new JobRequest(kind, selection, exclude, level, quiesce, destination, deadline, verify, prune,
                restore, rateLimitMib);
    }

    /** The same backup request with a retention of its own (null: the repository's). */
    public JobRequest withPrune(PruneOptions retention) {
        return new JobRequest(kind, selection, exclude, level, quiesce, destination, startBy, verify, retention,
                restore, rateLimitMib);
    }

    /** The same request with its own read rate limit ({@code mib} MiB/s; 0: none). */
    public JobRequest withRateLimitMib(int mib) {
        return new JobRequest(kind, selection, exclude, level, quiesce, destination, startBy, verify, prune,
                restore, mib);
    }
}
