package io.vmferry.bridge.repo;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** Why a point the policy let go is still there. */
    public static final String IN_USE = "in use by a restore or verify";

    private final LocalRepository repo;

    public Pruner(LocalRepository repo) {
        this.repo = repo;
    }

    /** The decisions for every point of {@code vm} (key or vmid), oldest first. Changes nothing. */
    public List<Decision> plan(String vm, RetentionPolicy policy) {
        return plan(repo.points(vm), policy);
    }

    /** As {@link #plan(String, RetentionPolicy)} for one VM's {@code points}, oldest first, as the index lists them. */
    public static List<Decision> plan(List<Point> points, RetentionPolicy policy) {
        List<Point> newestFirst = new ArrayList<>(points).reversed();
        Map<String, List<String>> kept = new LinkedHashMap<>(policy.select(newestFirst));
        Map<String, Point> byId = new LinkedHashMap<>();
        points.forEach(p -> byId.put(p.id(), p));
        for (String id : List.copyOf(kept.keySet())) {
            Point p = byId.get(id);
            List<Point> chain;
            try {
                chain = LocalRepository.chain(points, p);
            } catch (RepositoryException e) {
                continue; // a broken chain is kept as it is; `vmferry verify` names it
            }
            for (Point base : chain.subList(1, chain.size())) {
                kept.computeIfAbsent(base.id(), k -> new ArrayList<>()).add("base of " + p.id());
            }
        }
        return points.stream().map(p -> new Decision(p.vm(), p.id(), p.level(), p.time(), p.bytes(),
                kept.containsKey(p.id()), List.copyOf(kept.getOrDefault(p.id(), List.of())))).toList();
    }

    /**
     * What a prune did (or, for a dry run, would do): every point's decision, oldest first per VM; a point the
     * policy let go but a restore or verify held meanwhile is reported kept ("in use").
     */
    public record Report(List<Decision> points, long removed, long bytesFreed, boolean dryRun) {
    }

    /**
     * Applies {@code policy} to the points of {@code vm} (key or vmid; null: every VM), removing what it does not
     * keep unless {@code dryRun}. A VM without points is an error.
     */
    public Report prune(String vm, RetentionPolicy policy, boolean dryRun) throws IOException {
        List<Point> points = vm != null ? repo.points(vm) : repo.allPoints();
        if (vm != null && points.isEmpty()) {
            throw new RepositoryException("no restore points of VM " + vm + " in " + repo.root());
        }
        List<Decision> planned = new ArrayList<>();
        points.stream().collect(Collectors.groupingBy(Point::vm, LinkedHashMap::new, Collectors.toList())).values()
                .forEach(ofVm -> planned.addAll(plan(ofVm, policy)));
        List<Decision> decisions = dryRun ? planned : apply(planned, points);
        List<Decision> dropped = decisions.stream().filter(d -> !d.keep()).toList();
        return new Report(List.copyOf(decisions), dropped.size(), dropped.stream().mapToLong(Decision::bytes).sum(),
                dryRun);
    }

    /** Removes the {@code points} the {@code decisions} do not keep; returns the decisions as carried out. */
    private List<Decision> apply(List<Decision> decisions, List<Point> points) throws IOException {
        Set<String> drop = new HashSet<>();
        decisions.stream().filter(d -> !d.keep()).forEach(d -> drop.add(d.vm() + "/" + d.point()));
        List<Point> candidates = points.stream().filter(p -> drop.contains(p.vm() + "/" + p.id())).toList();
        Set<String> kept = new HashSet<>(drop);
        repo.remove(candidates).forEach(p -> kept.remove(p.vm() + "/" + p.id()));
        return decisions.stream().map(d -> d.keep() || !kept.contains(d.vm() + "/" + d.point()) ? d
                : new Decision(d.vm(), d.point(), d.level(), d.time(), d.bytes(), true, List.of(IN_USE))).toList();
    }
}
