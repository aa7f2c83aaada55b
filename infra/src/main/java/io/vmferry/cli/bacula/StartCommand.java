package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.JobStatus;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.JobFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula start-vm vmid=N jobs=J[,J...] sha256=HEX}: started detached by the writer that wrote a new
 * VM's config with {@code start_vm=yes}. bpipe runs one writer per stream and tells none of them which stream is
 * the last, so the start waits until the restore job(s) running at that moment have ended on the Director, then
 * starts the VM ({@link VmStarter}) only if every one succeeded and the config is still the one that writer wrote
 * (a later point of the same restore rewrites it and starts the VM through its own start-vm).
 */
@Command(name = "start-vm", hidden = true, description = "Start a restored VM once its restore job ended (internal).")
final class StartCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(1);

    @ParentCommand
    BaculaCommand bacula;

    @Parameters(paramLabel = "KEY=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        KeyValues kv = KeyValues.parse("start-vm", args, Set.of("vmid", "jobs", "sha256"));
        int vmid = (int) kv.number("vmid");
        List<Long> jobs = Arrays.stream(kv.require("jobs").split(",")).map(Long::valueOf).toList();
        VmferryConfig config = bacula.config();
        BaculaConfig bc = config.bacula();
        Bconsole bconsole = Node.bconsole(bc, Duration.ofSeconds(30)).orElseThrow(() -> new JobFailedException(
                "start_vm needs bacula.bconsole-config to learn when the restore job ended"));
        long deadline = System.nanoTime() + Duration.ofSeconds(bc.holdTimeoutSeconds()).toNanos();
        for (long job : jobs) {
            JobStatus s = bconsole.status(job);
            while (!s.terminated()) {
                if (System.nanoTime() > deadline) {
                    throw new JobFailedException("not starting VM " + vmid + ": restore " + s.describe()
                            + " still running after " + bc.holdTimeoutSeconds() + " s");
                }
                Thread.sleep(POLL.toMillis());
                s = bconsole.status(job);
            }
            if (!s.succeeded()) {
                throw new JobFailedException("not starting VM " + vmid + ": restore " + s.describe());
            }
        }
        Path conf = config.hypervisor().confDir().resolve(vmid + ".conf");
        String sha = Files.exists(conf) ? NewVmWriter.sha256(Files.readString(conf)) : "";
        if (!sha.equals(kv.require("sha256"))) {
            System.out.println("vmferry: not starting VM " + vmid + ": " + conf + " changed since this restore wrote it"
                    + " (a later point of the restore starts it)");
            return 0;
        }
        String out = new VmStarter(vmid).start();
        System.out.println("vmferry: started VM " + vmid + (out.isEmpty() ? "" : ": " + out));
        return 0;
    }
}
