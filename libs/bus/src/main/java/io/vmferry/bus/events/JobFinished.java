package io.vmferry.bus.events;

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
 */
public record JobFinished(String status, String message, String pointId, String level, String levelReason,
                          String consistency, List<String> warnings, List<DiskResult> disks) {
    public JobFinished {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
