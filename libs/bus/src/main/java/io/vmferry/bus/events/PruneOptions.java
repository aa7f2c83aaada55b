package io.vmferry.bus.events;

/**
 * The retention policy of a {@code prune} job ({@code jobs.requested} kind {@code prune}), as {@code vmferry prune}
 * takes it: how many of the newest points, and of the newest per day, week and month, to keep. A {@code backup} job
 * may carry one too: applied to each VM's points after its backup, in place of {@code repository.retention}.
 *
 * @param dryRun decide and report, remove nothing (not for a backup's)
 */
public record PruneOptions(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, boolean dryRun) {

    /** Why this cannot be a backup's retention, or null: a count below 0, none above 0, or a dry run. */
    public String backupProblem() {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            return "a backup's retention cannot have negative keep counts";
        }
        if (keepLast + keepDaily + keepWeekly + keepMonthly == 0) {
            return "a backup's retention must keep something: keepLast, keepDaily, keepWeekly or keepMonthly";
        }
        return dryRun ? "a backup's retention cannot be a dry run" : null;
    }
}
