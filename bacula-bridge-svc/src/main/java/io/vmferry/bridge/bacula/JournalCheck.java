package io.vmferry.bridge.bacula;

import java.util.List;

/**
 * The outcome of {@link JobJournal#check}: what {@code vmferry bacula check} prints, exiting 1 when not ok.
 *
 * @param jobId    the Bacula JobId
 * @param streamsOk streams whose reader finished
 * @param problems one line per failure; empty when the job is good
 */
public record JournalCheck(long jobId, int streamsOk, List<String> problems) {

    /** True when nothing failed. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** Lines for the job log (the check's stdout/stderr lands there as {@code ClientAfterJob: ...}). */
    public List<String> report() {
        if (ok()) {
            return List.of("vmferry: job " + jobId + ": " + streamsOk + " streams complete");
        }
        return problems.stream().map(p -> "vmferry: job " + jobId + " failed: " + p).toList();
    }
}
