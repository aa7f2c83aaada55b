package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.JournalCheck;
import io.vmferry.bridge.bacula.VmHold;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula check jobid=N}: the Job's client-side after-job RunScript (runs on success and failure).
 * Releases every snapshot still held for the job (as failed unless all its streams are ok), then exits 1 unless
 * every expected stream finished, nothing failed, and every release was clean; the lines go to the job log.
 */
@Command(name = "check", description = "After the job: release leftovers, fail unless every stream is complete.")
final class CheckCommand implements Callable<Integer> {
    private static final Duration RELEASE_WAIT = Duration.ofMinutes(2);

    @ParentCommand
    BaculaCommand bacula;

    @Parameters(paramLabel = "jobid=N")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        long jobId = KeyValues.parse("check", args, Set.of("jobid")).number("jobid");
        JobJournal journal = new JobJournal(bacula.config().bacula().stateDir());
        List<String> problems = new ArrayList<>();
        Set<String> vms = new LinkedHashSet<>();
        for (CatalogPath p : journal.expected(jobId)) {
            vms.add(p.disk().host() + "/" + p.disk().vmid());
        }
        for (String vm : vms) {
            String[] hv = vm.split("/");
            VmHold hold = new VmHold(journal, jobId, hv[0], Integer.parseInt(hv[1]));
            if (!Files.isDirectory(hold.dir())) {
                continue;
            }
            if (!hold.released()) {
                hold.write("release", "check\n");
                long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
                while (!hold.released() && hold.holderAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            if (!hold.released()) {
                problems.add("VM " + vm + ": the snapshot holder did not release the snapshot (the next backup"
                        + " of the VM cleans up)");
            }
            hold.releaseErrors().forEach(e -> problems.add("VM " + vm + ": releasing the snapshot: " + e));
        }
        JournalCheck check = journal.check(jobId);
        problems.addAll(0, check.problems());
        JournalCheck result = new JournalCheck(jobId, check.streamsOk(), List.copyOf(problems));
        result.report().forEach(bacula.io.out()::println);
        bacula.io.out().flush();
        return result.ok() ? 0 : 1;
    }
}
