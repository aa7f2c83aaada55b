package io.vmferry.cli.bacula;

import io.vmferry.cli.JobFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a restored VM. vmferry's {@code qemu} adapter reads VMs (QMP, configs, images) but never launches QEMU
 * itself: building the QEMU command line from a config is the node's job. So a start is {@code qm start <vmid>}
 * when Proxmox's {@code qm} is on the {@code PATH}; without it, {@link #check()} fails with a one-line reason
 * before anything is restored.
 */
final class VmStarter {
    private static final long TIMEOUT_SECONDS = 300;
    private final int vmid;

    VmStarter(int vmid) {
        this.vmid = vmid;
    }

    /** {@code qm} on the {@code PATH}; a {@link JobFailedException} saying why the VM cannot be started otherwise. */
    Path check() {
        return qm().orElseThrow(() -> new JobFailedException("cannot start VM " + vmid + ": no 'qm' on PATH"
                + " (vmferry starts restored VMs with Proxmox's 'qm start'; restore without start_vm and start it"
                + " yourself)"));
    }

    /** Runs {@code qm start <vmid>}; returns its output, or throws with it when it fails. */
    String start() throws IOException, InterruptedException {
        Path qm = check();
        Path out = Files.createTempFile("vmferry-qm", ".out");
        try {
            Process p = new ProcessBuilder(qm.toString(), "start", Integer.toString(vmid)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new JobFailedException("qm start " + vmid + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new JobFailedException("qm start " + vmid + " exited " + p.exitValue()
                        + (text.isEmpty() ? "" : ": " + text.replaceAll("\\s*\\n\\s*", " | ")));
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Optional<Path> qm() {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "qm"))
                .filter(Files::isExecutable).findFirst();
    }

    static List<String> argsFor(int vmid, List<Long> jobs, String confSha256) {
        return List.of("vmid=" + vmid, "jobs=" + String.join(",", jobs.stream().map(String::valueOf).toList()),
                "sha256=" + confSha256);
    }
}
