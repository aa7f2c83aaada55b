package io.vmferry.bridge.bacula;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One {@code restore} command for bconsole. bpipe hands the writer only {@code %w} (the {@code where}, empty
 * for the original location) and {@code %r} (the replace letter); {@code regexwhere}, {@code strip_prefix} and
 * {@code add_prefix} are ignored for plugin streams. A {@code restoreClient} without plugins (e.g. the dev
 * setup's {@code vf-fd-raw}) writes the pseudo files as plain files under {@code where}.
 *
 * @param selection     what to restore
 * @param client        the client the backup was made on
 * @param restoreJob    the Restore job resource, e.g. {@code RestoreFiles}
 * @param where         target directory; null for the job's default, empty for the original location
 * @param restoreClient client to restore to, or null for {@code client}
 * @param replace       replace policy, or null for the job's default
 */
public record RestoreRequest(Selection selection, String client, String restoreJob, String where,
                             String restoreClient, Replace replace) {

    /** Validates the names (no quotes or line breaks reach bconsole). */
    public RestoreRequest {
        Objects.requireNonNull(selection, "selection");
        Bconsole.checkValue(client);
        Bconsole.checkValue(restoreJob);
        if (where != null && !where.isEmpty()) {
            Bconsole.checkValue(where);
        }
        if (restoreClient != null) {
            Bconsole.checkValue(restoreClient);
        }
    }

    /** What a restore selects. */
    public sealed interface Selection {
    }

    /** Every file of the given jobs. */
    public record WholeJobs(List<Long> jobIds) implements Selection {
    }

    /** Given catalog paths, from the given jobs (the newest version among them). */
    public record Files(List<Long> jobIds, List<String> paths) implements Selection {
    }

    /** The newest version of every file of a FileSet ({@code select current}: the Full + Incremental chain). */
    public record Current(String fileSet) implements Selection {
    }

    /** A bvfs restore table filled by {@code .bvfs_restore} (name {@code b2<digits>}). */
    public record BvfsTable(String table) implements Selection {
    }

    /** bconsole's {@code replace=} values; bpipe passes the letter as {@code %r}. */
    public enum Replace {
        /** {@code %r} = {@code a}. */
        ALWAYS("always"),
        /** {@code %r} = {@code w}. */
        IF_NEWER("ifnewer"),
        /** {@code %r} = {@code o}. */
        IF_OLDER("ifolder"),
        /** {@code %r} = {@code n}. */
        NEVER("never");

        private final String word;

        Replace(String word) {
            this.word = word;
        }

        /** The bconsole word. */
        public String word() {
            return word;
        }
    }

    /** A restore of the selection from {@code client} with {@code restoreJob}, to the job's default place. */
    public static RestoreRequest of(Selection selection, String client, String restoreJob) {
        return new RestoreRequest(selection, client, restoreJob, null, null, null);
    }

    /** A copy restoring under {@code dir} (empty: the original location). */
    public RestoreRequest withWhere(String dir) {
        return new RestoreRequest(selection, client, restoreJob, dir, restoreClient, replace);
    }

    /** A copy restoring to another client. */
    public RestoreRequest withRestoreClient(String name) {
        return new RestoreRequest(selection, client, restoreJob, where, name, replace);
    }

    /** A copy with a replace policy. */
    public RestoreRequest withReplace(Replace policy) {
        return new RestoreRequest(selection, client, restoreJob, where, restoreClient, policy);
    }

    /** The bconsole command line, ending in {@code yes} so that no prompt is left open. */
    public String command() {
        StringBuilder sb = new StringBuilder("restore");
        switch (selection) {
            case WholeJobs w -> sb.append(" jobid=").append(ids(w.jobIds()));
            case Files f -> sb.append(" jobid=").append(ids(f.jobIds()));
            case Current c -> sb.append(" fileset=").append(quote(c.fileSet()));
            case BvfsTable b -> sb.append(" file=?").append(Bvfs.checkTable(b.table()));
        }
        sb.append(" client=").append(quote(client)).append(" restorejob=").append(quote(restoreJob));
        if (restoreClient != null) {
            sb.append(" restoreclient=").append(quote(restoreClient));
        }
        if (where != null) {
            sb.append(" where=").append(where.isEmpty() ? "" : quote(where));
        }
        if (replace != null) {
            sb.append(" replace=").append(replace.word());
        }
        switch (selection) {
            case WholeJobs w -> sb.append(" all done yes");
            case Files f -> {
                f.paths().forEach(p -> sb.append(" file=").append(quote(p)));
                sb.append(" yes");
            }
            case Current c -> sb.append(" select current all done yes");
            case BvfsTable b -> sb.append(" yes");
        }
        return sb.toString();
    }

    private static String ids(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            throw new IllegalArgumentException("no JobId to restore from");
        }
        return jobIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String quote(String value) {
        Bconsole.checkValue(value);
        return value.chars().anyMatch(Character::isWhitespace) ? "\"" + value + "\"" : value;
    }
}
