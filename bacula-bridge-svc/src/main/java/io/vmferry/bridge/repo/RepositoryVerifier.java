package io.vmferry.bridge.repo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vmferry.bus.IoMessages;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.StreamFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Reads the streams of restore points back from the repository and checks them as a restore would, without writing
 * anything (blocking): each point's chain down to its full is complete and consistent in the index, its
 * {@code point.json} matches the index, each stream's header belongs to the point, every frame's CRC-32C, the order
 * rules, the trailer's counts and the content SHA-256 hold, and the SHA-256 and sizes equal what {@code point.json}
 * recorded. The points asked for are checked with their whole chains (what a restore of them reads), every stream
 * once; a point is damaged when one of its own streams is, or when its chain is broken or needs a damaged point.
 * What the stream sink carried without hashing ({@code DigestCheck.CARRY}) is proven here. Points are read side by
 * side (each stream decodes and hashes on a thread of its own), each {@linkplain LocalRepository#hold held} while
 * it is read; one pruned before its turn is left out of the result. Progress may come from any of those threads,
 * one call at a time.
 */
public final class RepositoryVerifier {
    /** Points read side by side at most: each stream is decoded and hashed on a thread of its own. */
    private static final int MAX_PARALLEL = 4;

    /** What was found for one disk of a point; {@code error} is null when the stream is intact. */
    public record DiskCheck(String disk, long bytes, String sha256, String error) {
        @JsonProperty("ok")
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * What was found for one point: {@code error} is null when a restore of it would find every stream it needs
     * intact, else the first reason (one of its own streams, its chain, or a damaged point its chain needs);
     * {@code recent}: its streams were found intact by a check newer than the re-check age and not read again.
     */
    public record PointCheck(String vm, String point, String level, String parent, List<DiskCheck> disks,
                             String error, boolean recent) {
        @JsonProperty("ok")
        public boolean ok() {
            return error == null;
        }
    }

    /** What a verify found, as {@code vmferry verify --json} prints it (and a {@code verify} job reports it). */
    public record Report(List<PointCheck> points, int verified, long damaged, long bytes, double seconds) {
        /** The report of {@code checks}, which took {@code seconds}. */
        public static Report of(List<PointCheck> checks, double seconds) {
            return new Report(List.copyOf(checks), checks.size(), checks.stream().filter(c -> !c.ok()).count(),
                    checks.stream().flatMap(c -> c.disks().stream()).mapToLong(DiskCheck::bytes).sum(), seconds);
        }

        /** Null when every point is intact, else one line naming the first damaged point. */
        public String failure() {
            return points.stream().filter(c -> !c.ok()).findFirst().map(first -> damaged + " of " + verified
                    + " restore points damaged; first: " + first.vm() + " " + first.point() + ": " + first.error())
                    .orElse(null);
        }
    }

    /** Receives progress in stored bytes: {@code done} of {@code total} were read and checked. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private final LocalRepository repo;
    private final int parallel;

    /** A verifier reading as many points side by side as there are cores (at most {@value #MAX_PARALLEL}). */
    public RepositoryVerifier(LocalRepository repo) {
        this(repo, Math.min(MAX_PARALLEL, Runtime.getRuntime().availableProcessors()));
    }

    /** A verifier reading up to {@code parallel} points side by side. */
    public RepositoryVerifier(LocalRepository repo, int parallel) {
        this.repo = repo;
        this.parallel = parallel;
    }

    /** As {@link #verify(List, Duration, Progress)} reading every point again. */
    public List<PointCheck> verify(List<Point> points, Progress progress) {
        return verify(points, null, progress);
    }

    /**
     * Checks {@code points} and every point their chains need, oldest first per VM; a damaged point is reported,
     * never thrown, and the others are still checked. Each point read is recorded in its {@code verified.json}
     * (where the repository can be written); a point found intact less than {@code recheckAfter} ago is not read
     * again (null: read every point).
     */
    public List<PointCheck> verify(List<Point> points, Duration recheckAfter, Progress progress) {
        Map<String, String> chainErrors = new HashMap<>();
        Map<String, List<Point>> chains = new HashMap<>();
        Map<String, Point> toCheck = new TreeMap<>();
        Map<String, List<Point>> byVm = repo.allPoints().stream()
                .collect(Collectors.groupingBy(Point::vm, LinkedHashMap::new, Collectors.toList()));
        for (Point p : points) {
            toCheck.put(key(p), p);
            try {
                List<Point> chain = LocalRepository.chain(byVm.getOrDefault(p.vm(), List.of()), p);
                chains.put(key(p), chain);
                chain.forEach(q -> toCheck.put(key(q), q));
            } catch (RepositoryException e) {
                chainErrors.put(key(p), e.getMessage());
            }
        }
        List<Point> ordered = toCheck.values().stream().sorted(RepositoryIndex.ORDER).toList();
        ProgressSum sum = new ProgressSum(ordered.stream().mapToLong(Point::bytes).sum(), progress);
        Map<String, List<DiskCheck>> disks = new HashMap<>();
        Set<String> recent = new HashSet<>();
        Set<String> pruned = new HashSet<>();
        Instant recheckFrom = recheckAfter == null ? null : Instant.now().minus(recheckAfter);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, ordered.size())),
                Thread.ofPlatform().name("verify-", 0).daemon().factory());
        try {
            for (Point p : ordered) {
                outcomes.add(pool.submit(() -> check(p, recheckFrom, sum)));
            }
            for (int i = 0; i < ordered.size(); i++) {
                Outcome o = outcomes.get(i).get();
                String key = key(ordered.get(i));
                if (o.pruned()) {
                    pruned.add(key);
                    continue;
                }
                disks.put(key, o.disks());
                if (o.recent()) {
                    recent.add(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verify interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<PointCheck> result = new ArrayList<>();
        for (Point p : ordered) {
            if (pruned.contains(key(p))) {
                continue;
            }
            String error = firstProblem(disks.get(key(p)));
            if (error == null) {
                error = chainErrors.get(key(p));
            }
            for (Point q : error == null ? chains.getOrDefault(key(p), List.of()) : List.<Point>of()) {
                if (!q.id().equals(p.id()) && pruned.contains(key(q))) {
                    error = "a restore of it needs point " + q.id() + ", which was pruned meanwhile";
                    break;
                }
                if (!q.id().equals(p.id()) && firstProblem(disks.get(key(q))) != null) {
                    error = "a restore of it needs point " + q.id() + ", which is damaged";
                    break;
                }
            }
            result.add(new PointCheck(p.vm(), p.id(), p.level(), p.parent(), disks.get(key(p)), error,
                    recent.contains(key(p))));
        }
        return result;
    }

    /** What reading one point found: its disks' checks, or that it was found intact recently, or pruned meanwhile. */
    private record Outcome(List<DiskCheck> disks, boolean recent, boolean pruned) {
    }

    /** Reads one point's streams back (held against a prune meanwhile) and records the outcome with it. */
    private Outcome check(Point p, Instant recheckFrom, ProgressSum sum) {
        if (recheckFrom != null && repo.verification(p).filter(v -> v.ok() && v.time().isAfter(recheckFrom))
                .isPresent()) {
            p.disks().forEach(d -> sum.add(d.bytes()));
            return new Outcome(p.disks().stream().map(d -> new DiskCheck(d.name(), d.bytes(), d.sha256(), null))
                    .toList(), true, false);
        }
        String unreadable = null;
        PointHold held = null;
        try {
            held = repo.hold(List.of(p));
        } catch (RepositoryException e) {
            p.disks().forEach(d -> sum.add(d.bytes()));
            return new Outcome(List.of(), false, true); // pruned since the index was read: nothing left to check
        } catch (IOException e) {
            unreadable = IoMessages.of(e);
        }
        List<DiskCheck> checks = new ArrayList<>();
        try {
            Point described = null;
            if (unreadable == null) {
                try {
                    described = Restorer.described(repo, p);
                } catch (RepositoryException | IllegalArgumentException e) {
                    unreadable = e.getMessage();
                }
            }
            for (PointDisk disk : p.disks()) {
                if (unreadable != null) {
                    sum.add(disk.bytes());
                }
                checks.add(new DiskCheck(disk.name(), disk.bytes(), disk.sha256(),
                        unreadable != null ? unreadable : verifyStream(described, disk, sum)));
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
        record(p, firstProblem(checks));
        return new Outcome(List.copyOf(checks), false, false);
    }

    /** The progress of streams checked side by side, reported as one sum that never goes back. */
    private static final class ProgressSum {
        private final long total;
        private final Progress progress;
        private long done;

        ProgressSum(long total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        synchronized void add(long bytes) {
            done += bytes;
            progress.update(Math.min(done, total), total);
        }
    }

    /** Best effort: a repository mounted read-only is still checked, it just keeps no record. */
    private void record(Point p, String problem) {
        try {
            repo.recordVerification(p, new Verification(Instant.now(), problem == null, problem));
        } catch (IOException e) {
            // nothing to keep the record in; the result is reported all the same
        }
    }

    private static String key(Point p) {
        return p.vm() + " " + p.id();
    }

    private static String firstProblem(List<DiskCheck> disks) {
        return disks.stream().filter(d -> !d.ok()).map(DiskCheck::error).findFirst().orElse(null);
    }

    /**
     * Null when the stream of {@code disk} of a point as its point.json describes it is intact, else the reason.
     * Adds exactly {@code disk.bytes()} to {@code sum}, as the stream is read.
     */
    private String verifyStream(Point described, PointDisk disk, ProgressSum sum) {
        long reported = 0;
        try {
            ChainLink link = Restorer.link(repo, described, disk.name());
            try (ChainCursor cursor = ChainCursor.scan(link)) {
                long size = Math.max(1, link.disk().virtualSize());
                long pos = 0;
                for (ContentFrame f = cursor.at(pos); f != null; f = cursor.at(pos)) {
                    pos = f.end();
                    long now = (long) (disk.bytes() * ((double) Math.min(pos, size) / size));
                    if (now > reported) {
                        sum.add(now - reported);
                        reported = now;
                    }
                }
                cursor.finish();
            }
            return null;
        } catch (RepositoryException | StreamFormatException | IllegalArgumentException e) {
            return e.getMessage();
        } catch (UncheckedIOException e) {
            return IoMessages.of(e.getCause());
        } finally {
            sum.add(disk.bytes() - reported);
        }
    }
}
