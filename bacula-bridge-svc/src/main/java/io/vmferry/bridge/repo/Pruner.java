package io.vmferry.bridge.repo;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link RetentionPolicy} to the points of a repository (blocking). The points a rule keeps are kept with
 * every point their restore needs (the chain down to its full: "base of ..."), so pruning never breaks a chain it
 * leaves; a point whose chain is already broken is kept as it is. The newest point of a VM is always kept (every
 * rule keeps it), and with it the base that a backup running meanwhile builds on.
 */
public final class Pruner {
    /** What happens to one point; {@code reasons} says why a kept point is kept. */
    public record Decision(String vm, String point, String level, Instant time, long bytes, boolean keep,
                           List<String> reasons) {
    }

    private final LocalRepository repo;

    public Pruner(LocalRepository repo) {
        this.repo = repo;
    }

    /** The decisions for every point of {@code vm} (key or vmid), oldest first. Changes nothing. */
    public List<Decision> plan(String vm, RetentionPolicy policy) {
        List<Point> points = repo.points(vm);
        List<Point> newestFirst = new ArrayList<>(points).reversed();
        Map<String, List<String>> kept = new LinkedHashMap<>(policy.select(newestFirst));
        for (String id : List.copyOf(kept.keySet())) {
            List<Point> chain;
            try {
                chain = repo.chain(vm, id);
            } catch (RepositoryException e) {
                continue; // a broken chain is kept as it is; `vmferry verify` names it
            }
            for (Point base : chain.subList(1, chain.size())) {
                kept.computeIfAbsent(base.id(), k -> new ArrayList<>()).add("base of " + id);
            }
        }
        return points.stream().map(p -> new Decision(p.vm(), p.id(), p.level(), p.time(), p.bytes(),
                kept.containsKey(p.id()), List.copyOf(kept.getOrDefault(p.id(), List.of())))).toList();
    }

    /** Removes the points {@code decisions} do not keep; returns the bytes freed. */
    public long apply(List<Decision> decisions) throws IOException {
        List<Point> gone = new ArrayList<>();
        long bytes = 0;
        for (Decision d : decisions) {
            if (!d.keep()) {
                gone.add(repo.point(d.vm(), d.point()));
                bytes += d.bytes();
            }
        }
        repo.remove(gone);
        return bytes;
    }
}
