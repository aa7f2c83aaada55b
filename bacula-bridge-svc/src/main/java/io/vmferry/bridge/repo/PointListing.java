package io.vmferry.bridge.repo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The restore points of one VM with their last read-back checks, as {@code vmferry points --json} prints them (and a
 * {@code points} job reports them).
 *
 * @param vm            the VM as asked for (key or vmid)
 * @param points        its points, oldest first
 * @param verifications the last {@code vmferry verify} outcome per point id, for the points that had one
 */
public record PointListing(String vm, List<Point> points, Map<String, Verification> verifications) {

    /** The listing of {@code vm} (key or vmid) in {@code repo}; empty when it has no points. */
    public static PointListing of(LocalRepository repo, String vm) {
        List<Point> points = repo.points(vm);
        Map<String, Verification> verified = new LinkedHashMap<>();
        points.forEach(p -> repo.verification(p).ifPresent(v -> verified.put(p.id(), v)));
        return new PointListing(vm, points, verified);
    }
}
