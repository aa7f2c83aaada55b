package io.vmferry.cli.bacula;

import io.vertx.core.Vertx;
import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.PointLedger;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.snapshot.Snapshots;
import io.vmferry.stream.api.BackupLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula hold jobid=N host=H vm=V level=L [quiesce=no]}: started by the first reader of a VM in a
 * job. Takes the VM's snapshot (all disks at one moment), publishes it in the {@link VmHold}, and releases it when
 * every disk stream of the VM in the journal has an outcome (success: all ok), when the check asks, when the
 * Director reports the job ended, after the hold timeout, or on SIGTERM (as failed: changes are merged back).
 */
@Command(name = "hold", hidden = true, description = "Hold one VM's snapshot for the readers of a job (internal).")
final class HoldCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROBE = Duration.ofSeconds(5);
    private static final Duration POLL_JOB_END = Duration.ofSeconds(2);
    /**
     * A holder the generator started ({@code prestarted=yes}) gives up when no reader of the VM has started by
     * then: the generator also runs for {@code estimate}, and for a job that ends before its first file.
     */
    private static final Duration READER_GRACE = Duration.ofMinutes(2);
    /** Longest wait for the job's end after the release; past it the VM's next job settles the point. */
    private static final Duration SETTLE = Duration.ofMinutes(10);

    @ParentCommand
    BaculaCommand bacula;

    @Parameters(paramLabel = "KEY=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        KeyValues kv = KeyValues.parse("hold", args, Set.of("jobid", "host", "vm", "level", "quiesce",
                "prestarted"));
        long jobId = kv.number("jobid");
        String host = kv.require("host");
        int vmid = (int) kv.number("vm");
        BackupLevel level = BackupLevel.valueOf(kv.require("level").toUpperCase(java.util.Locale.ROOT));
        VmferryConfig config = bacula.config();
        BaculaConfig bc = config.bacula();
        JobJournal journal = new JobJournal(bc.stateDir());
        VmHold hold = new VmHold(journal, jobId, host, vmid); // its starter recorded the holder's PID
        Vertx vertx = Vertx.vertx();
        try {
            Snapshots.Held held;
            String parent;
            try {
                VmInfo vm = Node.vm(vertx, config, vmid);
                PointLedger ledger = new PointLedger(bc.stateDir());
                Node.bconsole(bc, Duration.ofSeconds(20))
                        .ifPresent(b -> ledger.resolvePending(host, vmid, b::status));
                Optional<String> lost = ledger.lost(host, vmid);
                BackupLevel requested = lost.isPresent() ? BackupLevel.FULL : level;
                held = Snapshots.take(vertx, config.hypervisor(),
                        new SnapshotRequest(vm, requested.label(), kv.yes("quiesce", true), "bacula"));
                if (lost.isPresent() && level != BackupLevel.FULL) {
                    held = held.withLevelReason(lost.get() + ": this backup is a full");
                }
                BackupLevel served = BackupLevel.valueOf(held.ready().level().toUpperCase(java.util.Locale.ROOT));
                Optional<String> mismatch = ledger.trackingMismatch(host, vmid, served, held.ready().since());
                if (mismatch.isPresent()) { // building on the ledger's parent would miss changes: take a full
                    held.release(false);
                    held = Snapshots.take(vertx, config.hypervisor(), new SnapshotRequest(vm, BackupLevel.FULL.label(),
                            kv.yes("quiesce", true), "bacula")).withLevelReason(level.label() + " upgraded to full: "
                            + mismatch.get());
                    served = BackupLevel.FULL;
                }
                parent = ledger.parent(host, vmid, served).orElse(null);
                if (served != BackupLevel.FULL && parent == null) {
                    held.release(false);
                    throw new IllegalStateException("VM " + vmid + " has change tracking but " + bc.stateDir()
                            + " records no earlier point to build on: run a Full");
                }
            } catch (Exception e) {
                hold.write("failed", "snapshot of VM " + vmid + " failed: " + Snapshots.message(e) + "\n");
                return 1;
            }
            return holdUntilDone(kv, jobId, host, vmid, journal, hold, held, parent, bc);
        } finally {
            vertx.close();
        }
    }

    private static int holdUntilDone(KeyValues kv, long jobId, String host, int vmid, JobJournal journal, VmHold hold,
                                     Snapshots.Held held, String parent, BaculaConfig bc) throws InterruptedException {
        String pointId = PointLedger.pointId(jobId);
        AtomicBoolean released = new AtomicBoolean();
        Thread hook = new Thread(() -> release(released, hold, held, false, null, null));
        Runtime.getRuntime().addShutdownHook(hook);
        hold.write("ready.json", new HoldState(held.ready(), pointId, parent).toJson());
        Optional<Bconsole> bconsole = Node.bconsole(bc, Duration.ofSeconds(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(bc.holdTimeoutSeconds()).toNanos();
        long nextProbe = System.nanoTime() + PROBE.toNanos();
        long readerDeadline = kv.yes("prestarted", false) ? System.nanoTime() + READER_GRACE.toNanos() : Long.MAX_VALUE;
        while (true) {
            List<String> outcomes = outcomes(journal, jobId, host, vmid);
            boolean allDone = outcomes.stream().allMatch(o -> !o.isEmpty());
            boolean allOk = !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.startsWith("ok"));
            boolean noReader = readerDeadline != Long.MAX_VALUE && System.nanoTime() > readerDeadline
                    && !anyReaderStarted(journal, jobId, host, vmid);
            boolean stop = allDone || noReader || hold.read("release").isPresent() || System.nanoTime() > deadline;
            if (!stop && bconsole.isPresent() && System.nanoTime() > nextProbe) {
                nextProbe = System.nanoTime() + PROBE.toNanos();
                try {
                    stop = bconsole.get().status(jobId).terminated();
                } catch (RuntimeException e) {
                    // the Director is unreachable: rely on the journal, the check and the timeout
                }
            }
            if (stop) {
                BackupLevel served = BackupLevel.valueOf(held.ready().level().toUpperCase(java.util.Locale.ROOT));
                PointLedger ledger = new PointLedger(bc.stateDir());
                boolean success = allDone && allOk;
                release(released, hold, held, success, ledger, () -> {
                    if (bconsole.isPresent()) {
                        ledger.pending(host, vmid, pointId, served, held.ready().checkpoint());
                    } else {
                        ledger.record(host, vmid, pointId, served, held.ready().checkpoint());
                    }
                });
                Runtime.getRuntime().removeShutdownHook(hook);
                if (success && bconsole.isPresent()) {
                    settle(ledger, bconsole.get(), host, vmid, pointId);
                }
                return 0;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * After a successful release: waits for the Director to report the job ended and records the point only if it
     * succeeded (see {@link PointLedger}); gives up after {@link #SETTLE}, or once a later job of the VM settled it.
     */
    private static void settle(PointLedger ledger, Bconsole bconsole, String host, int vmid, String pointId)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (ledger.isPending(host, vmid, pointId) && System.nanoTime() < deadline) {
            if (ledger.resolveOwn(host, vmid, pointId, bconsole::status).isPresent()) {
                return;
            }
            Thread.sleep(POLL_JOB_END.toMillis());
        }
    }

    private static boolean anyReaderStarted(JobJournal journal, long jobId, String host, int vmid) {
        return journal.expected(jobId).stream().filter(p -> p.disk().host().equals(host) && p.disk().vmid() == vmid)
                .anyMatch(p -> journal.readerPid(p).isPresent());
    }

    /** The outcome of every disk stream of the VM in the job ("" while a reader has none yet). */
    private static List<String> outcomes(JobJournal journal, long jobId, String host, int vmid) {
        List<String> out = new ArrayList<>();
        for (CatalogPath p : journal.expected(jobId)) {
            if (p.kind() == StreamKind.DISK && p.disk().host().equals(host) && p.disk().vmid() == vmid) {
                out.add(journal.outcome(p).orElse(""));
            }
        }
        return out;
    }

    private static void release(AtomicBoolean released, VmHold hold, Snapshots.Held held, boolean success,
                                PointLedger ledger, Runnable onSuccess) {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        List<String> errors = held.release(success);
        if (success && errors.isEmpty() && onSuccess != null) {
            onSuccess.run();
        }
        hold.markReleased(success, errors);
    }
}
