package io.vmferry.bridge.bacula;

/**
 * A job's catalog record as {@code llist jobid=N} shows it.
 *
 * @param jobId  the JobId
 * @param name   the Job resource name
 * @param type   {@code B} backup, {@code R} restore, ...
 * @param level  {@code F}, {@code I}, {@code D}, or a blank for restores
 * @param status the JobStatus code: {@code T} ok, {@code E}/{@code e}/{@code f} error, {@code A} canceled,
 *               {@code R} running, {@code C} created, lower-case and other letters for waiting states
 * @param errors JobErrors: a failing bpipe reader leaves {@code T} with errors &gt; 0 ("OK -- with warnings")
 * @param bytes  JobBytes (the only size the catalog has for bpipe streams)
 * @param files  JobFiles
 */
public record JobStatus(long jobId, String name, char type, char level, char status, long errors, long bytes,
                        long files) {

    /** Success: status {@code T} and no errors at all (a warning-only job is a failure for vmferry). */
    public boolean succeeded() {
        return status == 'T' && errors == 0;
    }

    /** True once the job ended, whatever the outcome. */
    public boolean terminated() {
        return "TEefADIW".indexOf(status) >= 0;
    }

    /** True when the job was canceled. */
    public boolean canceled() {
        return status == 'A';
    }

    /** One line for messages, e.g. {@code job 12 (vm-101) status=T errors=1}. */
    public String describe() {
        return "job " + jobId + " (" + name + ") status=" + status + " errors=" + errors + " bytes=" + bytes;
    }
}
