package io.vmferry.bridge.bacula.it;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.BconsoleOptions;
import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.GeneratorArgs;
import io.vmferry.bridge.bacula.JobJournal;
import io.vmferry.bridge.bacula.JobWatchdog;
import io.vmferry.bridge.bacula.JournalCheck;
import io.vmferry.bridge.bacula.PluginLineGenerator;
import io.vmferry.bridge.bacula.PluginParamException;
import io.vmferry.bridge.bacula.VmDisk;
import io.vmferry.stream.api.BackupLevel;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Stand-in for the parts of {@code vmferry bacula ...} that the integration tests run in Java, using the real
 * classes: {@code plugins} (generator over a fixture inventory), {@code check} (journal check) and the
 * {@code read} of a never-ending stream guarded by {@link JobWatchdog}. Settings come from system
 * properties: {@code vmferry.cmd}, {@code vmferry.state}, {@code vmferry.fixtures}, {@code vmferry.bconsole}.
 */
public final class StandInCli {
    private StandInCli() {
    }

    /** {@code bacula plugins|check|read ARGS...}; exit codes as the real CLI's. */
    public static void main(String[] argv) throws IOException {
        List<String> args = Arrays.asList(argv).subList(2, argv.length);
        JobJournal journal = new JobJournal(Path.of(System.getProperty("vmferry.state")));
        int code = switch (argv[1]) {
            case "plugins" -> plugins(args, journal);
            case "check" -> check(args, journal);
            case "read" -> readForever(args, journal);
            default -> 2;
        };
        System.out.flush();
        System.exit(code);
    }

    private static int plugins(List<String> args, JobJournal journal) throws IOException {
        long jobId = GeneratorArgs.jobIdOrZero(args);
        try {
            GeneratorArgs g = GeneratorArgs.parse(args);
            String host = g.params().host().orElse("it-host");
            List<VmDisk> disks = new ArrayList<>();
            for (String vm : g.params().vm().split(",")) {
                disks.addAll(fixtureDisks(host, Integer.parseInt(vm)));
            }
            PluginLineGenerator gen = new PluginLineGenerator(System.getProperty("vmferry.cmd"), Clock.systemUTC());
            List<String> lines = gen.generate(g, disks);
            journal.expect(jobId, lines.stream().map(l -> CatalogPath.parse(l.split(":")[1])).toList());
            lines.forEach(System.out::println);
        } catch (PluginParamException e) {
            if (jobId > 0) {
                journal.failJob(jobId, e.getMessage());
            }
            System.out.println(PluginLineGenerator.errorLine(e.getMessage()));
        }
        return 0;
    }

    private static List<VmDisk> fixtureDisks(String host, int vmid) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("vmferry.fixtures"), Integer.toString(vmid)))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("(scsi|virtio|sata)\\d+")).sorted()
                    .map(n -> new VmDisk(host, vmid, n)).toList();
        }
    }

    private static int check(List<String> args, JobJournal journal) {
        long jobId = Long.parseLong(args.get(0).substring("jobid=".length()));
        JournalCheck result = journal.check(jobId);
        result.report().forEach(System.out::println);
        return result.ok() ? 0 : 1;
    }

    /** A reader of an endless stream: only the watchdog ends it (after a cancel). */
    private static int readForever(List<String> args, JobJournal journal) throws IOException {
        String host = value(args, "host");
        CatalogPath path = new CatalogPath(new VmDisk(host, Integer.parseInt(value(args, "vm")), value(args, "disk")),
                Instant.now(), BackupLevel.valueOf(value(args, "level").toUpperCase(Locale.ROOT)),
                Long.parseLong(value(args, "jobid")));
        journal.started(path, ProcessHandle.current().pid());
        Bconsole bconsole = new Bconsole(BconsoleOptions.of(Path.of(System.getProperty("vmferry.bconsole")))
                .withTimeout(Duration.ofSeconds(10)));
        JobWatchdog watchdog = new JobWatchdog(path.jobId(), bconsole::status, Duration.ofSeconds(1),
                Duration.ofMinutes(2), Clock.systemUTC(), reason -> {
                    journal.failed(path, reason);
                    Runtime.getRuntime().halt(3);
                }).start();
        OutputStream out = watchdog.watch(new FileOutputStream(FileDescriptor.out));
        byte[] chunk = new byte[64 * 1024];
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                out.write(chunk);
                out.flush();
            } catch (IOException e) {
                // the FD closed the pipe before the watchdog saw the cancel: as documented, only the watchdog ends it
                while (System.nanoTime() < deadline) {
                    sleep(100);
                }
                break;
            }
            sleep(50);
        }
        journal.failed(path, "stand-in reader ran out of time");
        return 1;
    }

    private static String value(List<String> args, String key) {
        return args.stream().filter(a -> a.startsWith(key + "=")).map(a -> a.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("missing " + key + "="));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
