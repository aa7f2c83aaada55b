package io.vmferry.bridge.repo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which restore points of one VM to keep, as Proxmox Backup Server's prune options: the {@code keepLast} newest
 * points, and the newest point of each of the {@code keepDaily} newest days (weeks from Monday, months) that have
 * points; calendar periods in {@code zone}. A point more than one rule keeps is counted by each. At least one point
 * is always kept: {@code keepLast} 0 and nothing else would delete every point, which is refused.
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, ZoneId zone) {

    /** Checks the counts. */
    public RetentionPolicy {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new IllegalArgumentException("keep counts cannot be negative");
        }
        if (keepLast + keepDaily + keepWeekly + keepMonthly == 0) {
            throw new IllegalArgumentException("a retention policy must keep something: give --keep-last, "
                    + "--keep-daily, --keep-weekly or --keep-monthly");
        }
    }

    /** A policy whose days, weeks and months are this host's (the time zone the points are listed in). */
    public static RetentionPolicy local(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {
        return new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, ZoneId.systemDefault());
    }

    /**
     * The reasons each kept point of {@code newestFirst} (one VM's points) is kept, by point id ("last 2",
     * "daily 2026-11-21", ...); points absent from the map are not kept by any rule.
     */
    public Map<String, List<String>> select(List<Point> newestFirst) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(keepLast, newestFirst.size()); i++) {
            kept.computeIfAbsent(newestFirst.get(i).id(), k -> new ArrayList<>()).add("last " + (i + 1));
        }
        keepPerPeriod(newestFirst, keepDaily, "daily", t -> t.toLocalDate().toString(), kept);
        keepPerPeriod(newestFirst, keepWeekly, "weekly",
                t -> "week of " + t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), kept);
        keepPerPeriod(newestFirst, keepMonthly, "monthly", t -> t.getYear() + "-"
                + String.format("%02d", t.getMonthValue()), kept);
        return kept;
    }

    private void keepPerPeriod(List<Point> newestFirst, int count, String rule, Function<ZonedDateTime, String> period,
                               Map<String, List<String>> kept) {
        Set<String> seen = new HashSet<>();
        for (Point p : newestFirst) {
            if (seen.size() == count) {
                return;
            }
            String key = period.apply(at(p.time()));
            if (seen.add(key)) {
                kept.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(rule + " " + key);
            }
        }
    }

    private ZonedDateTime at(Instant time) {
        return time.atZone(zone);
    }
}
