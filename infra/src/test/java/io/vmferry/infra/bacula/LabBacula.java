package io.vmferry.infra.bacula;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.BconsoleOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A private Bacula for the infra ITs, run by the repository's {@code infra/bacula} scripts on free ports. */
final class LabBacula implements AutoCloseable {
    static final String CLIENT = "vf-fd";

    private final Path scripts;
    private final Path dir;

    private LabBacula(Path scripts, Path dir) {
        this.scripts = scripts;
        this.dir = dir;
    }

    static LabBacula start(Path dir) throws Exception {
        Path scripts = repoRoot().resolve("infra/bacula");
        String last = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            int base = 30000 + 4 * ThreadLocalRandom.current().nextInt(1500);
            if (!free(base) || !free(base + 1) || !free(base + 2) || !free(base + 3)) {
                continue;
            }
            last = exec(List.of(scripts.resolve("start").toString(), dir.toString(), "--base-port",
                    Integer.toString(base)), 600);
            if (last.contains("bacula ready")) {
                return new LabBacula(scripts, dir);
            }
        }
        throw new IllegalStateException("infra/bacula/start failed: " + last);
    }

    static Path repoRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("infra/bacula/start"))) {
                return p;
            }
        }
        throw new IllegalStateException("no infra/bacula/start above " + System.getProperty("user.dir"));
    }

    Path dir() {
        return dir;
    }

    /** The PID of one of the daemons ({@code sd}, {@code fd}, {@code fd-raw}, {@code dir}) as {@code start} recorded it. */
    long pid(String daemon) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("run/" + daemon + ".pid")).strip());
    }

    /** Starts the daemons again on the same ports, keeping catalog, volumes and jobs (after one of them died). */
    void restart() throws Exception {
        String base = Files.readString(dir.resolve("run/base-port")).strip();
        String out = exec(List.of(scripts.resolve("start").toString(), dir.toString(), "--base-port", base), 600);
        if (!out.contains("bacula ready")) {
            throw new IllegalStateException("infra/bacula/start failed: " + out);
        }
    }

    Path bconsoleConfig() {
        return dir.resolve("etc/bconsole.conf");
    }

    Bconsole bconsole() {
        return new Bconsole(BconsoleOptions.of(bconsoleConfig()));
    }

    void addJob(String name, String command, String params) throws Exception {
        String out = exec(new ArrayList<>(List.of(scripts.resolve("add-job").toString(), dir.toString(), name,
                "--cmd", command, "--params", params)), 60);
        if (!out.contains("bacula job added")) {
            throw new IllegalStateException("add-job failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        exec(List.of(scripts.resolve("stop").toString(), dir.toString()), 60);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String exec(List<String> argv, int seconds) throws Exception {
        Path log = Files.createTempFile("bacula", ".log");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
