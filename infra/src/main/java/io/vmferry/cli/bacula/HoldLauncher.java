package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.cli.JobFailedException;
import io.vmferry.stream.api.BackupLevel;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reader side of a {@link VmHold}: the first reader of a VM in a job starts the holder
 * ({@code vmferry bacula hold ...}, detached, in its own session, with none of the reader's pipes) and waits for
 * its snapshot; later readers find it. Serialized by a lock file, so concurrent readers of one VM are safe too.
 */
final class HoldLauncher {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    private HoldLauncher() {
    }

    /** The arguments of {@code vmferry bacula hold} for one VM of a job. */
    static List<String> holdArgs(long jobId, VmDisk vm, BackupLevel level, boolean quiesce) {
        return List.of("jobid=" + jobId, "host=" + vm.host(), "vm=" + vm.vmid(), "level=" + level.label(),
                "quiesce=" + (quiesce ? "yes" : "no"));
    }

    /** Starts the VM's holder for this job unless one runs or ran already; does not wait for its snapshot. */
    static void prestart(VmHold hold, List<String> holdArgs, BaculaIo io) throws IOException {
        Files.createDirectories(hold.dir());
        try (FileChannel ch = FileChannel.open(hold.file("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            startUnlessStarted(hold, holdArgs, io);
        }
    }

    /** The VM's snapshot for this job, starting the holder ({@link BaculaIo#startHolder}) when none runs yet. */
    static HoldState acquire(VmHold hold, List<String> holdArgs, BaculaIo io) throws IOException, InterruptedException {
        Files.createDirectories(hold.dir());
        try (FileChannel ch = FileChannel.open(hold.file("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (hold.released()) {
                throw new JobFailedException("the snapshot of this VM was already released for this job ("
                        + hold.read("released").orElse("").lines().findFirst().orElse("") + ")");
            }
            startUnlessStarted(hold, holdArgs, io);
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                var failed = hold.read("failed");
                if (failed.isPresent()) {
                    throw new JobFailedException(failed.get().strip());
                }
                var ready = hold.read("ready.json");
                if (ready.isPresent()) {
                    return HoldState.fromJson(ready.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new JobFailedException("no snapshot after " + READY_TIMEOUT.toMinutes() + " min");
                }
                if (Files.exists(hold.file("pid")) && !hold.holderAlive() && hold.read("ready.json").isEmpty()) {
                    throw new JobFailedException("the snapshot holder exited without a snapshot: " + lastLine(hold));
                }
                Thread.sleep(50);
            }
        }
    }

    private static String lastLine(VmHold hold) {
        return hold.read("holder.log").flatMap(s -> s.lines().filter(l -> !l.isBlank())
                .reduce((a, b) -> a.startsWith("vmferry:") ? a : b)).orElse("(no output in " + hold.file("holder.log") + ")");
    }

    private static void startUnlessStarted(VmHold hold, List<String> holdArgs, BaculaIo io) throws IOException {
        if (!hold.released() && hold.read("ready.json").isEmpty() && hold.read("failed").isEmpty()
                && !hold.holderAlive()) {
            io.startHolder(hold, holdArgs);
        }
    }

    /** Starts the holder as a process of its own ({@code vmferry bacula hold ...}, {@link #detach}). */
    static void startProcess(VmHold hold, List<String> holdArgs) throws IOException {
        Files.deleteIfExists(hold.file("pid"));
        Process p = detach("hold", holdArgs, hold.file("holder.log"));
        hold.write("pid", p.pid() + "\n");
    }

    /**
     * Starts {@code vmferry bacula SUBCOMMAND ARGS} detached from bpipe: its own session, stdin from
     * {@code /dev/null}, stdout and stderr appended to {@code log}, so the File Daemon never waits for it.
     */
    static Process detach(String subcommand, List<String> args, java.nio.file.Path log) throws IOException {
        List<String> argv = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            argv.add("/usr/bin/setsid");
        }
        List<String> self = selfCommand();
        argv.add(self.get(0));
        // the holder is control plane (QMP, a few files): the quick-starting C1 JIT alone, so that it does not
        // compete for the CPU with the C2 compilations of the reader that waits for it (a later option the
        // reader's JVM was given, e.g. from VMFERRY_JAVA_OPTS, still wins)
        argv.add("-XX:TieredStopAtLevel=1");
        argv.addAll(self.subList(1, self.size()));
        argv.addAll(List.of("bacula", subcommand));
        argv.addAll(args);
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * This process's command line up to (not including) {@code bacula}: the JVM, its options, the class path,
     * the main class and the global options such as {@code --config}.
     */
    static List<String> selfCommand() {
        List<String> args = cmdline();
        int main = args.indexOf("io.vmferry.cli.Main");
        int bacula = args.indexOf("bacula");
        if (main > 0 && bacula > main) {
            return new ArrayList<>(args.subList(0, bacula));
        }
        throw new JobFailedException("cannot tell how this process was started (io.vmferry.cli.Main ... bacula in"
                + " /proc/self/cmdline), so cannot start the snapshot holder");
    }

    /** The full command line ({@code ProcessHandle.Info.arguments()} is empty for long class paths on Linux). */
    private static List<String> cmdline() {
        try {
            String raw = new String(Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            List<String> cmd = new ArrayList<>();
            ProcessHandle.Info info = ProcessHandle.current().info();
            cmd.add(info.command().orElse("java"));
            info.arguments().ifPresent(a -> cmd.addAll(Arrays.asList(a)));
            return cmd;
        }
    }
}
