package io.vmferry.cli.bacula;

import io.vertx.core.Vertx;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.GeneratorArgs;
import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.PluginLineGenerator;
import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.inventory.VmSelection;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula plugins PARAMS... %l %i %n}: the FileSet's generator. Prints one {@code bpipe:} line per
 * selected disk (plus config) and records them in the job journal. On any error it prints one
 * {@code vmferry error - REASON} line and records it, and exits 0: the File Daemon drops the output of a failing
 * generator, so this is the only way the reason reaches the job log (the check then fails the job).
 */
@Command(name = "plugins", description = "Print the bpipe plugin lines of a job (FileSet generator).")
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    BaculaCommand bacula;

    @Parameters(paramLabel = "ARG", description = "KEY=VALUE plugin parameters, then %l %i %n")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        // the File Daemon reads the generator's stderr as plugin lines too: nothing may ever reach it
        bacula.io.silenceStderr();
        PrintStream out = bacula.io.out();
        long jobId = GeneratorArgs.jobIdOrZero(args);
        VmferryConfig config;
        try {
            config = bacula.config();
        } catch (RuntimeException e) {
            out.println(PluginLineGenerator.errorLine("vmferry configuration - " + e.getMessage()));
            return 0;
        }
        JobJournal journal = new JobJournal(config.bacula().stateDir());
        Vertx vertx = Vertx.vertx();
        try {
            GeneratorArgs g = GeneratorArgs.parse(args);
            List<VmInfo> vms = VmSelection.parse(g.params().vm(), g.params().exclude())
                    .select(Node.vms(vertx, config), VmInfo::vmid, VmInfo::name);
            List<VmDisk> disks = new ArrayList<>();
            for (VmInfo vm : vms) {
                String host = g.params().host().orElse(vm.host());
                for (DiskInfo d : vm.disks()) {
                    disks.add(new VmDisk(host, vm.vmid(), d.name()));
                }
            }
            List<String> lines = new PluginLineGenerator(config.bacula().command(), Clock.systemUTC()).generate(g, disks);
            List<CatalogPath> streams = lines.stream().map(l -> CatalogPath.parse(l.split(":")[1])).toList();
            journal.expect(jobId, streams);
            lines.forEach(out::println);
            out.flush();
            if (jobId > 0) {
                prestartHold(journal, streams.get(0), g.params().quiesce(), bacula.io);
            }
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (jobId > 0) {
                journal.failJob(jobId, message);
            }
            out.println(PluginLineGenerator.errorLine(message));
        } finally {
            vertx.close();
        }
        out.flush();
        return 0;
    }

    /**
     * Starts the snapshot holder of the job's first VM now, so that its snapshot is being taken while the File
     * Daemon starts the first reader instead of after it (the readers find the holder, {@link HoldLauncher}). Only
     * the first: a later VM's snapshot would otherwise be held, its fleecing image growing, while the disks before
     * it stream. Best effort: a holder that cannot start here is started, or its failure reported, by the reader.
     */
    private static void prestartHold(JobJournal journal, CatalogPath first, boolean quiesce, BaculaIo io) {
        VmDisk d = first.disk();
        List<String> args = new ArrayList<>(HoldLauncher.holdArgs(first.jobId(), d, first.level(), quiesce));
        args.add("prestarted=yes");
        try {
            HoldLauncher.prestart(new VmHold(journal, first.jobId(), d.host(), d.vmid()), args, io);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(PluginsCommand.class).debug("job {}: holder of {} not started early: {}",
                    first.jobId(), d.vmKey(), e.toString());
        }
    }
}
