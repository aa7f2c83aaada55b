package io.vmferry.bus.events;

/**
 * The retention policy of a {@code prune} job ({@code jobs.requested} kind {@code prune}), as {@code vmferry prune}
 * takes it: how many of the newest points, and of the newest per day, week and month, to keep.
 *
 * @param dryRun decide and report, remove nothing
 */
public record PruneOptions(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, boolean dryRun) {
}
