package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restore points of one VM from the Bacula catalog, for {@code vmferry bacula points} and chain restores.
 * Only jobs with status {@code T} and no errors count: a job whose reader failed still catalogs its
 * truncated stream.
 */
public final class RestorePoints {
    private final Bconsole bconsole;
    private final Bvfs bvfs;

    /** Points read through this bconsole. */
    public RestorePoints(Bconsole bconsole) {
        this.bconsole = bconsole;
        this.bvfs = new Bvfs(bconsole);
    }

    /** Every point of VM {@code host/vmid} backed up on {@code client}, oldest first, with parents. */
    public List<RestorePoint> list(String client, String host, int vmid) {
        Map<Long, JobStatus> good = new LinkedHashMap<>();
        bconsole.terminatedBackups(client).stream().filter(JobStatus::succeeded).forEach(j -> good.put(j.jobId(), j));
        if (good.isEmpty()) {
            return List.of();
        }
        bvfs.update();
        List<Long> ids = List.copyOf(good.keySet());
        String vmDir = CatalogPath.ROOT + host + "/" + vmid + "/";
        Map<Long, List<CatalogPath>> streams = new LinkedHashMap<>();
        for (Bvfs.Dir dir : bvfs.lsdirs(ids, vmDir)) {
            for (Bvfs.File f : bvfs.lsfiles(ids, vmDir + dir.name())) {
                CatalogPath p = CatalogPath.parse(vmDir + dir.name() + f.name());
                if (good.containsKey(p.jobId())) {
                    streams.computeIfAbsent(p.jobId(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<RestorePoint> points = new ArrayList<>();
        streams.entrySet().stream().sorted(Comparator.comparing((Map.Entry<Long, List<CatalogPath>> e) ->
                e.getValue().get(0).time()).thenComparing(Map.Entry::getKey)).forEach(e -> {
                    CatalogPath first = e.getValue().get(0);
                    points.add(new RestorePoint(e.getKey(), first.time(), first.level(), parent(points, first.level()),
                            List.copyOf(e.getValue()), good.get(e.getKey()).bytes()));
                });
        return points;
    }

    /**
     * The points a restore of {@code point} needs, newest first: itself, then its parents down to the full.
     *
     * @throws BaculaException when a parent is missing from {@code points}
     */
    public static List<RestorePoint> chain(List<RestorePoint> points, RestorePoint point) {
        List<RestorePoint> chain = new ArrayList<>();
        for (RestorePoint p = point; ; ) {
            chain.add(p);
            if (p.parent() == 0) {
                return chain;
            }
            long parent = p.parent();
            p = points.stream().filter(x -> x.jobId() == parent).findFirst().orElseThrow(() -> new BaculaException(
                    "restore point " + point.jobId() + ": parent job " + parent + " is not in the catalog"));
        }
    }

    private static long parent(List<RestorePoint> earlier, BackupLevel level) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            RestorePoint p = earlier.get(i);
            if (level == BackupLevel.INCREMENTAL || (level == BackupLevel.DIFFERENTIAL && p.level() == BackupLevel.FULL)) {
                return p.jobId();
            }
        }
        return 0;
    }
}
