package io.vmferry.bridge.bacula;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Catalog browsing through the Director's bvfs commands ({@code .api 2}, tab-separated rows). Run
 * {@link #update()} after new jobs before listing them.
 */
public final class Bvfs {
    private final Bconsole bconsole;

    /** Bvfs over a bconsole client. */
    public Bvfs(Bconsole bconsole) {
        this.bconsole = bconsole;
    }

    /** A directory row of {@code .bvfs_lsdirs}. */
    public record Dir(long pathId, String name) {
    }

    /** A file row of {@code .bvfs_lsfiles}. */
    public record File(long pathId, long filenameId, long fileId, long jobId, String lstat, String name) {
    }

    /** A version row of {@code .bvfs_versions}: the stream digest (unpadded base64) and its volume. */
    public record Version(long pathId, long filenameId, long fileId, long jobId, String lstat, String digest,
                          String volume) {
    }

    /** Builds the bvfs cache for all jobs ({@code .bvfs_update}). */
    public void update() {
        bconsole.executeApi(List.of(".bvfs_update"));
    }

    /** The JobIds needed to restore a job: its Full, Differential and Incrementals ({@code .bvfs_get_jobids}). */
    public List<Long> jobIds(long jobId) {
        String out = bconsole.executeApi(List.of(".bvfs_get_jobids jobid=" + jobId));
        for (String line : out.lines().map(String::strip).toList()) {
            if (line.matches("\\d+(,\\d+)*")) {
                return Arrays.stream(line.split(",")).map(Long::valueOf).toList();
            }
        }
        throw new BconsoleException("no JobIds for job " + jobId + ": " + BconsoleOutput.problem(out, ".bvfs_get_jobids"));
    }

    /** Subdirectories of {@code path} (with trailing slash) in the given jobs, without {@code .} and {@code ..}. */
    public List<Dir> lsdirs(List<Long> jobIds, String path) {
        String out = bconsole.executeApi(List.of(".bvfs_lsdirs jobid=" + ids(jobIds) + " path=" + checkPath(path)));
        List<Dir> dirs = new ArrayList<>();
        for (String[] c : BconsoleOutput.rows(out, 6)) {
            if (!c[5].equals(".") && !c[5].equals("..")) {
                dirs.add(new Dir(Long.parseLong(c[0]), c[5]));
            }
        }
        return dirs;
    }

    /** Files directly in {@code path} (with trailing slash) in the given jobs. */
    public List<File> lsfiles(List<Long> jobIds, String path) {
        String out = bconsole.executeApi(List.of(".bvfs_lsfiles jobid=" + ids(jobIds) + " path=" + checkPath(path)));
        return BconsoleOutput.rows(out, 6).stream().map(c -> new File(Long.parseLong(c[0]), Long.parseLong(c[1]),
                Long.parseLong(c[2]), Long.parseLong(c[3]), c[4], c[5])).toList();
    }

    /** Every backed-up version of one file of a client. */
    public List<Version> versions(String client, long pathId, long filenameId) {
        Bconsole.checkValue(client);
        String out = bconsole.executeApi(List.of(".bvfs_versions client=" + client + " pathid=" + pathId
                + " fnid=" + filenameId));
        return BconsoleOutput.rows(out, 7).stream().map(c -> new Version(Long.parseLong(c[0]), Long.parseLong(c[1]),
                Long.parseLong(c[2]), Long.parseLong(c[3]), c[4], c[5], c[6])).toList();
    }

    /**
     * Restores exactly the given file versions: fills a temporary bvfs table ({@code .bvfs_restore}), queues the
     * restore from it, drops the table, and returns the restore's JobId.
     *
     * @param fileIds the FileIds of the versions (from {@link #lsfiles} or {@link #versions})
     * @param jobIds  the jobs they belong to
     * @param request where and how to restore; its selection is replaced by the table
     */
    public long restoreVersions(List<Long> fileIds, List<Long> jobIds, RestoreRequest request) {
        String table = "b2" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        RestoreRequest r = new RestoreRequest(new RestoreRequest.BvfsTable(table), request.client(),
                request.restoreJob(), request.where(), request.restoreClient(), request.replace());
        String cmd = r.command();
        String out = bconsole.executeApi(List.of(
                ".bvfs_restore path=" + table + " fileid=" + ids(fileIds) + " jobid=" + ids(jobIds),
                ".api 0", cmd, ".bvfs_cleanup path=" + table));
        return Bconsole.queued(cmd, out);
    }

    /** A bvfs restore table name must be {@code b2} and digits, else the Director cannot build the list. */
    static String checkTable(String table) {
        if (!table.matches("b2\\d+")) {
            throw new IllegalArgumentException("bvfs table name must be b2<digits>: " + table);
        }
        return table;
    }

    private static String checkPath(String path) {
        if (!path.startsWith("/") || !path.endsWith("/") || path.chars().anyMatch(Character::isWhitespace)
                || path.indexOf('"') >= 0) {
            throw new IllegalArgumentException("bvfs path must be absolute, end in / and have no blanks: " + path);
        }
        return path;
    }

    private static String ids(List<Long> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("empty id list");
        }
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
