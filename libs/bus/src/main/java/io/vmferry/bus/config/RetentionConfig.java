package io.vmferry.bus.config;

/**
 * Which points of a VM the local repository keeps after each backup of it (vzdump's {@code prune-backups}, Proxmox
 * Backup Server's prune options): the {@code keepLast} newest, and the newest point of each of the {@code keepDaily}
 * newest days (weeks, months) that have points; what a kept point is built on stays. All 0: nothing is removed.
 */
public record RetentionConfig(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {

    public RetentionConfig {
        keepLast = keepLast == null ? 0 : keepLast;
        keepDaily = keepDaily == null ? 0 : keepDaily;
        keepWeekly = keepWeekly == null ? 0 : keepWeekly;
        keepMonthly = keepMonthly == null ? 0 : keepMonthly;
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new ConfigException("repository.retention keep counts cannot be negative");
        }
    }

    /** Keeps everything. */
    public static RetentionConfig none() {
        return new RetentionConfig(null, null, null, null);
    }

    /** True when backups prune: some count is set. */
    public boolean prunes() {
        return keepLast + keepDaily + keepWeekly + keepMonthly > 0;
    }
}
