package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmferry stack} with its embedded broker, stopped by SIGTERM as systemd stops it: the services stop first,
 * then the broker (before, the broker's own shutdown hook raced the services' and consumers leaving their groups got
 * "not the correct coordinator" logged at ERROR), nothing is logged at ERROR or WARN, the broker process is gone,
 * and the JVM exits with 143 (128 + SIGTERM; {@code infra/deploy/vmferry-stack.service} counts it as success).
 */
class StackShutdownIT {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsServicesThenTheBrokerCleanly() throws Exception {
        Path yaml = TestYaml.emptyNode(dir, """
                services: {inventory: {http-port: 0}, snapshot: {http-port: 0}, reader: {http-port: 0},
                           bridge: {http-port: 0}, receiver: {http-port: 0}, convert: {http-port: 0}}
                """);
        List<String> cmd = ChildJvm.command(Main.class, "--config", yaml.toString(), "stack");
        Process stack = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> log = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("vmferry stack ready")) {
                log.add(line);
            }
            assertTrue(line != null, "the stack never got ready:\n" + String.join("\n", log));
            List<ProcessHandle> broker = stack.descendants().toList();
            assertFalse(broker.isEmpty(), "the embedded broker runs as a child process");

            stack.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
            while ((line = out.readLine()) != null) {
                log.add(line);
            }
            assertTrue(stack.waitFor(90, TimeUnit.SECONDS), "the stack did not stop");
            assertEquals(143, stack.exitValue(), String.join("\n", log));
            String all = String.join("\n", log);
            int services = indexOf(log, "services stopped in");
            int brokerStopped = indexOf(log, "embedded broker stopped");
            assertTrue(services >= 0 && brokerStopped > services, "services stop before the broker:\n" + all);
            assertTrue(log.stream().noneMatch(l -> l.contains(" ERROR ") || l.contains(" WARN ")), all);
            for (ProcessHandle p : broker) {
                p.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(p.isAlive(), "broker process " + p.pid() + " still runs");
            }
        } finally {
            stack.destroyForcibly();
        }
    }

    private static int indexOf(List<String> log, String text) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
