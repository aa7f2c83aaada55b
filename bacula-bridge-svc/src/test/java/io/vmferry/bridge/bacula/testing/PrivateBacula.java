package io.vmferry.bridge.bacula.testing;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.BconsoleOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private Bacula (Director + SQLite catalog, SD, bpipe FD {@value #CLIENT}, plugin-less FD
 * {@value #RAW_CLIENT}) for integration tests, run by the repository's {@code infra/bacula} scripts on free
 * loopback ports. The scripts are executed by path (the repository root is found by walking up from the
 * working directory), so no module depends on {@code infra} at the Maven level.
 */
public final class PrivateBacula implements AutoCloseable {
    /** The bpipe client. */
    public static final String CLIENT = "vf-fd";
    /** The plugin-less client: restores pseudo files as plain files. */
    public static final String RAW_CLIENT = "vf-fd-raw";
    /** The Restore job resource. */
    public static final String RESTORE_JOB = "RestoreFiles";

    private final Path scripts;
    private final Path dir;
    private final int basePort;
    private final Thread stopHook = new Thread(this::stop, "private-bacula-stop");

    private PrivateBacula(Path scripts, Path dir, int basePort) {
        this.scripts = scripts;
        this.dir = dir;
        this.basePort = basePort;
    }

    /** The directory holding {@code infra/bacula/start}, found by walking up from {@code user.dir}. */
    public static Path repoRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("infra/bacula/start"))) {
                return p;
            }
        }
        throw new IllegalStateException("no infra/bacula/start above " + System.getProperty("user.dir"));
    }

    /** Starts a private Bacula in {@code dir} on free ports (installing the Debian packages when missing). */
    public static PrivateBacula start(Path dir) {
        Path scripts = repoRoot().resolve("infra/bacula");
        String last = "";
        for (int attempt = 0; attempt < 8; attempt++) {
            int base = freeBasePort();
            Result r = exec(List.of(scripts.resolve("start").toString(), dir.toString(), "--base-port",
                    Integer.toString(base)), 600);
            if (r.code == 0 && r.out.contains("bacula ready")) {
                PrivateBacula bacula = new PrivateBacula(scripts, dir.toAbsolutePath(), base);
                Runtime.getRuntime().addShutdownHook(bacula.stopHook); // a killed test run leaves no daemons
                return bacula;
            }
            last = r.out.strip();
            if (!last.contains("in use")) {
                break;
            }
        }
        throw new IllegalStateException("infra/bacula/start failed: " + last);
    }

    /** The instance directory. */
    public Path dir() {
        return dir;
    }

    /** The Director port; FD, SD and raw FD follow. */
    public int basePort() {
        return basePort;
    }

    /** The bconsole.conf of this Director. */
    public Path bconsoleConfig() {
        return dir.resolve("etc/bconsole.conf");
    }

    /** A bconsole client for this Director. */
    public Bconsole bconsole() {
        return new Bconsole(BconsoleOptions.of(bconsoleConfig()));
    }

    /** Adds a vmferry Job + FileSet ({@code infra/bacula/add-job}) and reloads the Director. */
    public void addJob(String name, String command, String params, boolean check) {
        List<String> argv = new ArrayList<>(List.of(scripts.resolve("add-job").toString(), dir.toString(), name,
                "--cmd", command, "--params", params));
        if (!check) {
            argv.add("--no-check");
        }
        Result r = exec(argv, 60);
        if (r.code != 0) {
            throw new IllegalStateException("add-job " + name + " failed: " + r.out.strip());
        }
    }

    /** Stops exactly the daemons this instance started. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            return; // shutting down: the hook runs
        }
        stop();
    }

    private void stop() {
        exec(List.of(scripts.resolve("stop").toString(), dir.toString()), 60);
    }

    private static int freeBasePort() {
        for (int i = 0; i < 50; i++) {
            int base = 20000 + 4 * ThreadLocalRandom.current().nextInt(2000);
            if (free(base) && free(base + 1) && free(base + 2) && free(base + 3)) {
                return base;
            }
        }
        throw new IllegalStateException("no free loopback port range");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int code, String out) {
    }

    private static Result exec(List<String> argv, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("bacula-script", ".log");
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out: " + argv);
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + argv, e);
        }
    }
}
