package io.vmferry.cli.bacula;

import io.vertx.core.Vertx;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.JobWatchdog;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.SnapshotDisk;
import io.vmferry.cli.JobFailedException;
import io.vmferry.reader.DiskStreamer;
import io.vmferry.reader.OutputStreamSink;
import io.vmferry.reader.ReaderOptions;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.EncoderOptions;
import io.vmferry.stream.api.StreamTrailer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula read host=H vm=V disk=D level=L jobid=N [quiesce=no]}: the bpipe reader. Writes one disk of
 * the VM's snapshot for this job (see {@link HoldLauncher}) as stream v1 to stdout, or the VM config for
 * {@code disk=config}. Records {@code .pid} then {@code .ok} or {@code .failed} in the job journal; the job's check
 * fails the job unless every stream is {@code .ok}. A {@link JobWatchdog} ends it when the job is gone or stdout
 * stalls. Messages go to stderr, which bpipe puts into the job log.
 */
@Command(name = "read", description = "bpipe reader: one disk of a VM as stream v1 on stdout.")
final class ReadCommand implements Callable<Integer> {
    /** Test hook: fail after this many bytes of stdout (proves a mid-stream failure fails the job). */
    static final String FAIL_AFTER = "vmferry.bacula.fail-after-bytes";
    /**
     * Test hook: after this many bytes of stdout, touch {@code STATE/<jobid>/paused-<disk>} and block (a reader
     * stuck mid-stream, as under a cancel or a dead Storage Daemon; the watchdog ends it).
     */
    static final String PAUSE_AFTER = "vmferry.bacula.pause-after-bytes";

    @ParentCommand
    BaculaCommand bacula;

    @Parameters(paramLabel = "KEY=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        KeyValues kv = KeyValues.parse("read", args, Set.of("host", "vm", "disk", "level", "jobid", "quiesce",
                "backup_type"));
        VmDisk disk = new VmDisk(kv.require("host"), (int) kv.number("vm"), kv.require("disk"));
        long jobId = kv.number("jobid");
        BackupLevel level = BackupLevel.valueOf(kv.require("level").toUpperCase(Locale.ROOT));
        CatalogPath path = new CatalogPath(disk, Instant.now(), level, jobId);
        VmferryConfig config = bacula.config();
        BaculaConfig bc = config.bacula();
        BaculaIo io = bacula.io;
        JobJournal journal = new JobJournal(bc.stateDir());
        journal.started(path, io.pid());
        JobWatchdog watchdog = new JobWatchdog(jobId, Node.bconsole(bc, Duration.ofSeconds(20))
                .<JobWatchdog.JobProbe>map(b -> b::status).orElse(null), Duration.ofSeconds(5),
                Duration.ofSeconds(bc.stallTimeoutSeconds()), Clock.systemUTC(), reason -> {
                    journal.failed(path, reason);
                    io.err().println("vmferry: " + disk.vmKey() + " " + disk.disk() + ": " + reason);
                    io.abort(3);
                }).start();
        try {
            OutputStream stdout = watchdog.watch(testHooks(io.dataOut(),
                    journal.jobDir(jobId).resolve("paused-" + disk.disk()), io.pid(), () -> watchdog.aborted() || io.stopped()));
            String result = path.kind() == StreamKind.DISK
                    ? readDisk(config, journal, kv, disk, level, jobId, stdout, io)
                    : readConfig(config, disk, path.kind(), stdout);
            journal.succeeded(path, 0, result);
            return 0;
        } catch (Exception e) {
            if (watchdog.aborted()) {
                return 3; // the watchdog recorded and reported why
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            journal.failed(path, message);
            io.err().println("vmferry: " + disk.vmKey() + " " + disk.disk() + ": " + message);
            return 1;
        } finally {
            watchdog.close();
        }
    }

    private static String readDisk(VmferryConfig config, JobJournal journal, KeyValues kv, VmDisk disk,
                                   BackupLevel level, long jobId, OutputStream stdout, BaculaIo pipes)
            throws Exception {
        PrintStream err = pipes.err();
        List<String> holdArgs = HoldLauncher.holdArgs(jobId, disk, level, kv.yes("quiesce", true));
        HoldState hold = HoldLauncher.acquire(new VmHold(journal, jobId, disk.host(), disk.vmid()), holdArgs, pipes);
        SnapshotDisk sd = hold.ready().disks().stream().filter(d -> d.name().equals(disk.disk())).findFirst()
                .orElseThrow(() -> new JobFailedException("the snapshot has no disk " + disk.disk()));
        BackupLevel served = BackupLevel.valueOf(hold.ready().level().toUpperCase(Locale.ROOT));
        if (hold.ready().levelReason() != null && served != level) {
            err.println("vmferry: " + disk.vmKey() + " " + disk.disk() + ": " + hold.ready().levelReason());
        }
        OutputStreamSink sink = new OutputStreamSink(stdout, 16L << 20);
        EncoderOptions encoder = config.backup().compress()
                ? EncoderOptions.DEFAULT.withCompression(io.vmferry.stream.api.Compression.LZ4) : EncoderOptions.DEFAULT;
        ReaderOptions reading = ReaderOptions.DEFAULT.withMaxBytesPerSecond(config.backup().rateLimitBytesPerSecond());
        Vertx vertx = Vertx.vertx();
        try {
            StreamTrailer t = Node.await(DiskStreamer.stream(vertx, new DiskStreamer.Request(hold.pointId(), disk.vmKey(),
                            hold.ready().checkpoint(), served, hold.parent(), sd), encoder, reading, sink)
                    .compose(trailer -> sink.end().map(trailer)), Duration.ofDays(2));
            return t.sha256();
        } finally {
            vertx.close();
        }
    }

    /**
     * The VM's {@code <vmid>.conf} (what the inventory lists the VM by) or its firewall file, read directly: no
     * inventory round over every VM's QMP socket for one file.
     */
    private static String readConfig(VmferryConfig config, VmDisk disk, StreamKind kind, OutputStream stdout)
            throws Exception {
        Path confDir = config.hypervisor().confDir();
        Path file = kind == StreamKind.CONFIG ? confDir.resolve(disk.vmid() + ".conf")
                : confDir.resolveSibling("firewall").resolve(disk.vmid() + ".fw");
        if (kind == StreamKind.CONFIG && !Files.isRegularFile(file)) {
            throw new JobFailedException("no VM " + disk.vmid() + " on this node (" + file + " does not exist)");
        }
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        stdout.write(bytes);
        stdout.flush();
        return bytes.length + " bytes";
    }

    private static OutputStream testHooks(OutputStream out, Path pausedMarker, long pid,
                                          BooleanSupplier stop) {
        String fail = System.getProperty(FAIL_AFTER);
        String pause = System.getProperty(PAUSE_AFTER);
        if (fail == null && pause == null) {
            return out;
        }
        long max = Long.parseLong(fail != null ? fail : pause);
        return new java.io.FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (written + len > max) {
                    if (fail != null) {
                        throw new java.io.IOException("simulated read failure after " + written + " bytes");
                    }
                    out.write(b, off, (int) (max - written));
                    out.flush();
                    Files.writeString(pausedMarker, pid + "\n");
                    try {
                        while (!stop.getAsBoolean()) {
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new java.io.InterruptedIOException("test pause ended: the reader was stopped");
                }
                written += len;
                out.write(b, off, len);
            }
        };
    }
}
