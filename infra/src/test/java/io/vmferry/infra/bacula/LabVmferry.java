package io.vmferry.infra.bacula;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.qemu.img.QemuImg;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The real {@code vmferry} commands for a lab Bacula: a wrapper script per configuration that runs the launcher
 * ({@code infra/bin/vmferry}, with its job agent) on the test class path (what the File Daemon runs as generator, reader, writer and
 * check), plus the helpers the Bacula ITs share: CLI runs, disk copies, {@code qemu-img compare}, process checks.
 */
final class LabVmferry {
    /** The launcher the File Daemon runs, here with the tests' class path ({@code VMFERRY_CLASSPATH}). */
    private static final Path LAUNCHER = Path.of("bin/vmferry").toAbsolutePath();
    private final QemuLab lab;
    private final Path command;
    private final Path yaml;

    private LabVmferry(QemuLab lab, Path command, Path yaml) {
        this.lab = lab;
        this.command = command;
        this.yaml = yaml;
    }

    /** {@code bin/<name>} with {@code <name>.yaml} pointing at the lab, its own state dir and the lab Bacula. */
    static LabVmferry create(QemuLab lab, LabBacula bacula, String name, String jvmOptions, String shellPrefix)
            throws Exception {
        Path root = lab.root();
        Path command = root.resolve("bin/" + name);
        Path yaml = root.resolve(name + ".yaml");
        Files.writeString(yaml, """
                hypervisor: {host: lab, run-dir: %s, conf-dir: %s, storage-cfg: %s, fleece-dir: %s}
                repository: {path: %s}
                bacula: {command: %s, state-dir: %s, bconsole-config: %s, client: %s, stall-timeout-seconds: 60}
                """.formatted(lab.runDir(), lab.confDir(), lab.storageCfg(), root.resolve("fleece"),
                root.resolve("repo"), command, root.resolve("state"), bacula.bconsoleConfig(), LabBacula.CLIENT));
        Files.createDirectories(command.getParent());
        Files.writeString(command, "#!/bin/sh\n" + shellPrefix
                + "JAVA_HOME='" + System.getProperty("java.home") + "'\n"
                + "VMFERRY_CLASSPATH='" + System.getProperty("java.class.path") + "'\n"
                + "VMFERRY_JAVA_OPTS='" + jvmOptions + "'\n"
                + "VMFERRY_AGENT_DIR='" + agentDir(lab) + "'\n"
                + "export JAVA_HOME VMFERRY_CLASSPATH VMFERRY_JAVA_OPTS VMFERRY_AGENT_DIR\n"
                + "exec '" + LAUNCHER + "' --config '" + yaml + "' \"$@\"\n");
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LabVmferry(lab, command, yaml);
    }

    /** Where the lab's job agents listen (see {@link #stopAgents}). */
    static Path agentDir(QemuLab lab) {
        return lab.root().resolve("agents");
    }

    /** The logs of the lab's job agents, one request per line (what they served). */
    static String agentLog(QemuLab lab) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(agentDir(lab))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".sock.log")).toList()) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    /** Ends the job agents the lab's commands started (their PID files), and waits for them. */
    static void stopAgents(QemuLab lab) throws Exception {
        Path dir = agentDir(lab);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".sock.pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).filter(p -> cmdline(pid).contains(" bacula agent ")).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        }
    }

    /** A shell prefix for {@link #create} that puts {@code <root>/qmbin} first on the {@code PATH} (empty until {@link #installQm}). */
    static String qmOnPath(QemuLab lab) throws Exception {
        Files.createDirectories(lab.root().resolve("qmbin"));
        return "PATH='" + lab.root().resolve("qmbin") + "':\"$PATH\"\nexport PATH\n";
    }

    /**
     * A stand-in for Proxmox's {@code qm} in {@code <root>/qmbin}: appends {@code ARGS conf=yes|no} (whether
     * {@code <conf-dir>/<vmid>.conf} existed when it ran) to the returned file.
     */
    static Path installQm(QemuLab lab) throws Exception {
        Path qm = lab.root().resolve("qmbin/qm");
        Path calls = lab.root().resolve("qm.calls");
        Files.writeString(qm, "#!/bin/sh\necho \"$* conf=$(test -f '" + lab.confDir() + "/'$2.conf && echo yes"
                + " || echo no)\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(qm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return calls;
    }

    Path command() {
        return command;
    }

    Path yaml() {
        return yaml;
    }

    record Run(int code, String out, String err) {
    }

    /** Runs {@code vmferry ARGS} and returns its exit code, stdout and stderr. */
    Run cli(String... args) throws Exception {
        Path out = Files.createTempFile(lab.root(), "cli", ".out");
        Path err = Files.createTempFile(lab.root(), "cli", ".err");
        List<String> argv = new ArrayList<>(List.of(command.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "vmferry " + List.of(args) + " timed out");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code qemu-img compare} in strict mode; throws unless the two images hold the same data. */
    static void compare(Path expected, String expectedFormat, Path actual, String actualFormat) throws Exception {
        QemuImg.run(List.of("qemu-img", "compare", "-q", "-U", "-f", expectedFormat, "-F", actualFormat,
                expected.toString(), actual.toString()));
    }

    /**
     * The full command lines ({@code /proc/PID/cmdline}: {@code ProcessHandle.Info} cuts long class paths short, so
     * it never shows the subcommand) of this host's processes that match.
     */
    static List<String> processes(Predicate<String> match) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(p -> cmdline(p.pid())).filter(match).toList();
        }
    }

    /** The full command line of a process, arguments joined by spaces; empty when it is gone. */
    static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return ""; // gone meanwhile
        }
    }

    /** Waits (bounded) until no vmferry process runs {@code bacula <subcommand>}; fails naming the ones left. */
    static void assertNoneLeft(String subcommand) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // a JVM of its own, or the job agent's thin client (the agent itself runs "bacula agent")
        Predicate<String> match = c -> (c.contains("io.vmferry.cli.Main") || c.contains("bacula-agent-client"))
                && c.contains("bacula " + subcommand);
        List<String> left;
        do {
            left = processes(match);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertFalse(true, "'bacula " + subcommand + "' processes left: " + left);
    }
}
