package io.vmferry.bus.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Payload of {@code jobs.finished}, once per VM of a job (or once for the job, with no VM key, when
 * it failed before any VM was touched).
 *
 * @param status      {@code succeeded}, {@code failed} or {@code refused}
 * @param message     why it failed or was refused; null on success
 * @param pointId     restore point created, or null
 * @param level       level actually taken
 * @param levelReason why the level differs from the requested one, or null
 * @param consistency {@code application} (guest frozen) or {@code crash}
 * @param warnings    things the user should know (agent missing, ...)
 * @param disks       per disk of a backup: what was read and stored
 * @param report      of a {@code verify} or {@code prune} job: the VM's part of the document
 *                    {@code vmferry verify --json} or {@code vmferry prune --json} prints; null for a backup
 */
public record JobFinished(String status, String message, String pointId, String level, String levelReason,
                          String consistency, List<String> warnings, List<DiskResult> disks, JsonNode report) {
    public JobFinished {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    /** The outcome of a backup (no report). */
    public JobFinished(String status, String message, String pointId, String level, String levelReason,
                       String consistency, List<String> warnings, List<DiskResult> disks) {
        this(status, message, pointId, level, levelReason, consistency, warnings, disks, null);
    }

    /** A job (or one VM of it) that failed, and why. */
    public static JobFinished failed(String message) {
        return new JobFinished("failed", message, null, null, null, null, null, null);
    }

    /** A job (or one VM of it) that was not started, and why (the VM was busy, the request came too late). */
    public static JobFinished refused(String message) {
        return new JobFinished("refused", message, null, null, null, null, null, null);
    }

    /** The outcome of a job on the local repository: {@code succeeded}/{@code failed}, why, and its report. */
    public static JobFinished ofRepositoryJob(boolean ok, String message, JsonNode report) {
        return new JobFinished(ok ? "succeeded" : "failed", message, null, null, null, null, null, null, report);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
