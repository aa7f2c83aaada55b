package io.vmferry.bridge.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final List<PointDisk> DISKS = List.of(new PointDisk("scsi0", 1 << 20, 100, 50, "ab".repeat(32),
            "qcow2"));

    /** Points at the given instants, newest first, ids p0 (newest), p1, ... */
    private static List<Point> points(String... times) {
        List<Point> out = new java.util.ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            out.add(new Point("p" + i, "lab/101", null, Instant.parse(times[i]), "full", null, null, "crash", null,
                    List.of(), DISKS));
        }
        return out;
    }

    @Test
    void keepLastKeepsTheNewest() {
        var kept = new RetentionPolicy(2, 0, 0, 0, ZoneOffset.UTC).select(points("2026-11-22T12:00:00Z",
                "2026-11-22T11:00:00Z", "2026-11-22T10:00:00Z"));
        assertEquals(Map.of("p0", List.of("last 1"), "p1", List.of("last 2")), kept);
    }

    @Test
    void dailyWeeklyAndMonthlyKeepTheNewestPointOfEachPeriod() {
        List<Point> newestFirst = points(
                "2026-11-23T20:00:00Z",  // p0 Monday
                "2026-11-23T08:00:00Z",  // p1 same day
                "2026-11-22T23:00:00Z",  // p2 Sunday: the week before
                "2026-11-20T09:00:00Z",  // p3
                "2026-10-31T09:00:00Z",  // p4 October
                "2026-10-01T09:00:00Z"); // p5
        var kept = new RetentionPolicy(0, 3, 2, 2, ZoneOffset.UTC).select(newestFirst);
        assertEquals(List.of("daily 2026-11-23", "weekly week of 2026-11-23", "monthly 2026-11"), kept.get("p0"));
        assertEquals(List.of("daily 2026-11-22", "weekly week of 2026-11-16"), kept.get("p2"));
        assertEquals(List.of("daily 2026-11-20"), kept.get("p3"));
        assertEquals(List.of("monthly 2026-10"), kept.get("p4"));
        assertEquals(List.of("p0", "p2", "p3", "p4"), List.copyOf(new java.util.TreeSet<>(kept.keySet())));
    }

    @Test
    void periodsFollowTheZone() {
        // 23:30 UTC on the 22nd is already the 23rd at UTC+1: both points fall on one day there
        List<Point> newestFirst = points("2026-11-23T00:30:00Z", "2026-11-22T23:30:00Z");
        assertEquals(2, new RetentionPolicy(0, 5, 0, 0, ZoneOffset.UTC).select(newestFirst).size());
        assertEquals(1, new RetentionPolicy(0, 5, 0, 0, ZoneOffset.ofHours(1)).select(newestFirst).size());
    }

    @Test
    void aPolicyThatKeepsNothingIsRefused() {
        assertEquals("a retention policy must keep something: give --keep-last, --keep-daily, --keep-weekly or "
                + "--keep-monthly", assertThrows(IllegalArgumentException.class,
                        () -> new RetentionPolicy(0, 0, 0, 0, ZoneOffset.UTC)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-1, 3, 0, 0, ZoneOffset.UTC));
    }
}
