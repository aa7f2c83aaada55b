package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured {@code tls.certs-dir} without the certificates (a wrong path, {@code vmferry certs init} never run):
 * a backup on the embedded stack exits 2 (configuration) with one line naming the missing file — no Java class name,
 * and none of the embedded broker's log lines (it stopped right after it started and logged a coordinator error with
 * a stack trace under the user's line).
 */
class MissingCertificatesIT {
    @TempDir
    Path dir;

    @Test
    void aBackupWithoutTheConfiguredCertificatesIsAConfigurationError() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path yaml = TestYaml.emptyNode(dir, "tls: {certs-dir: " + certs + "}\n");
        Process p = new ProcessBuilder(ChildJvm.command(Main.class, "--config", yaml.toString(), "backup", "--vm", "1",
                "--level", "full")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).matches("vmferry: cannot read " + certs + "/[a-z-]+\\.crt: no such file or directory"),
                out);
    }
}
