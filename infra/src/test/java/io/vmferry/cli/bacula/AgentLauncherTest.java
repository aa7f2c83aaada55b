package io.vmferry.cli.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's side of the job agent, without Bacula: {@code vmferry bacula agent} in the foreground (the service)
 * listens where the configuration's other commands look, a second one is refused, {@code bacula check} goes through
 * the perl client to it (its answer and exit code, one line in the agent's log), and SIGTERM removes the socket.
 */
class AgentLauncherTest {
    private static final Path LAUNCHER = Path.of("bin/vmferry").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void foregroundAgentServesTheConfigurationsCommands() throws Exception {
        Path yaml = dir.resolve("vmferry.yaml");
        Files.writeString(yaml, "bacula: {state-dir: " + dir.resolve("state") + "}\n");
        Path agents = dir.resolve("agents");
        Path agentLog = dir.resolve("agent.log");
        Process agent = launcher(List.of("--config", yaml.toString(), "bacula", "agent"), agents)
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sockets(agents).isEmpty()) {
                assertTrue(agent.isAlive() && System.nanoTime() < deadline, "no socket: " + Files.readString(agentLog));
                Thread.sleep(50);
            }
            Path socket = sockets(agents).get(0);

            Process second = launcher(List.of("--config", yaml.toString(), "bacula", "agent"), agents).start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            assertEquals("vmferry: a job agent already serves " + socket + " (PID " + agent.pid() + "); stop it first",
                    new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());

            Process check = launcher(List.of("--config", yaml.toString(), "bacula", "check", "jobid=3"), agents).start();
            assertTrue(check.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, check.exitValue());
            assertEquals("vmferry: job 3 failed: no record of job 3 in " + dir.resolve("state")
                            + " (did the generator run on this client?)",
                    new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            assertTrue(Files.readString(agentLog).contains("vmferry agent: bacula check jobid=3 (client "),
                    Files.readString(agentLog));
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(agent.isAlive());
        assertEquals(List.of(), sockets(agents), "socket removed on SIGTERM");
    }

    private static ProcessBuilder launcher(List<String> args, Path agents) {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), args.stream()).toList());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("VMFERRY_CLASSPATH", System.getProperty("java.class.path"));
        env.put("VMFERRY_AGENT_DIR", agents.toString());
        env.remove("VMFERRY_CONFIG");
        env.remove("VMFERRY_BACULA_AGENT");
        return pb;
    }

    private static List<Path> sockets(Path agents) throws Exception {
        if (!Files.isDirectory(agents)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(agents)) {
            return files.filter(f -> f.toString().endsWith(".sock")).toList();
        }
    }
}
