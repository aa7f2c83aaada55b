package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.StreamHeader;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one stream of a vmferry job sits in the Bacula catalog (DESIGN §6):
 * {@code /@vmferry/<host>/<vmid>/<disk>/<time>-<level>-<jobid>.vfs}, e.g.
 * {@code /@vmferry/pve1/101/scsi0/20261122T053000Z-incremental-12.vfs}. {@code <time>} is UTC, compact,
 * to the second. The VM config uses the disk name {@code config} and {@code .conf}, the firewall rules
 * {@code firewall} and {@code .fw}. Each disk of each job is its own catalog file, so a catalog restore of
 * a directory selects the whole chain.
 *
 * @param disk  the disk, {@code config} or {@code firewall}
 * @param time  the job's start, truncated to seconds
 * @param level the job level
 * @param jobId the Bacula JobId
 */
public record CatalogPath(VmDisk disk, Instant time, BackupLevel level, long jobId) {
    /** The catalog directory of every vmferry stream. */
    public static final String ROOT = "/@vmferry/";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern PATH = Pattern.compile(
            "/@vmferry/([^/]+)/(\\d+)/([^/]+)/(\\d{8}T\\d{6}Z)-(full|incremental|differential)-(\\d+)(\\.[a-z]+)");

    /** Truncates the time to seconds; the JobId must be positive. */
    public CatalogPath {
        time = time.truncatedTo(ChronoUnit.SECONDS);
        if (jobId <= 0) {
            throw new IllegalArgumentException("bad jobid " + jobId);
        }
    }

    /** The stream kind, from the disk name. */
    public StreamKind kind() {
        return StreamKind.forDisk(disk.disk());
    }

    /** The catalog directory of this disk, with a trailing slash (for {@code .bvfs_lsfiles path=}). */
    public String directory() {
        return directoryOf(disk);
    }

    /** The catalog directory of a disk, e.g. {@code /@vmferry/pve1/101/scsi0/}. */
    public static String directoryOf(VmDisk disk) {
        return ROOT + disk.host() + "/" + disk.vmid() + "/" + disk.disk() + "/";
    }

    /** The file name, e.g. {@code 20261122T053000Z-full-12.vfs}. */
    public String fileName() {
        return TIME.format(time) + "-" + level.label() + "-" + jobId + kind().extension();
    }

    /** Fails unless {@code header} is a stream of this path's disk (what a restored stream must be). */
    public void checkHolds(StreamHeader header) throws IOException {
        if (!header.vmKey().equals(disk.vmKey()) || !header.diskName().equals(disk.disk())) {
            throw new IOException("the stream holds disk " + header.diskName() + " of " + header.vmKey());
        }
    }

    /** The full catalog path. */
    @Override
    public String toString() {
        return directory() + fileName();
    }

    /** Parses a catalog path; a {@link BaculaException} when it is not a vmferry path. */
    public static CatalogPath parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new BaculaException("not a vmferry catalog path: '" + path + "'");
        }
        try {
            VmDisk disk = new VmDisk(m.group(1), Integer.parseInt(m.group(2)), m.group(3));
            CatalogPath p = new CatalogPath(disk, TIME.parse(m.group(4), Instant::from),
                    BackupLevel.valueOf(m.group(5).toUpperCase(Locale.ROOT)), Long.parseLong(m.group(6)));
            if (!p.kind().extension().equals(m.group(7))) {
                throw new BaculaException("wrong extension in vmferry catalog path: '" + path + "'");
            }
            return p;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BaculaException("bad vmferry catalog path '" + path + "': " + e.getMessage());
        }
    }
}
