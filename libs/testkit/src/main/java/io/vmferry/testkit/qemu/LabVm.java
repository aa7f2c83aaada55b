package io.vmferry.testkit.qemu;

import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.proc.UnixSockets;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpConnectionException;
import io.vmferry.qemu.qmp.QmpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab VM: its Proxmox config, images and, while running, a {@code qemu-system-x86_64 -machine none} process
 * (plus a host {@code qemu-ga} in {@link GuestAgentMode#HOST_AGENT} mode).
 *
 * <pre>{@code
 * LabVm vm = lab.vm(201).name("web1").disk("scsi0", "1G").start();
 * vm.writePattern("scsi0", 0x11, 0, 65536);   // through drive-scsi0: dirty bitmaps see it
 * vm.quit();                                  // clean exit: persistent bitmaps are stored
 * vm.verifyPattern("scsi0", 0x11, 0, 65536);  // stopped: checks the image file
 * }</pre>
 * All methods block; they are synchronized per VM.
 */
public final class LabVm {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final QemuLab lab;
    private final LabVmSpec spec;
    private Process qemu;
    private Process agent;
    private QmpClient monitor;

    LabVm(QemuLab lab, LabVmSpec spec) {
        this.lab = lab;
        this.spec = spec;
    }

    public int vmid() {
        return spec.vmid();
    }

    public String name() {
        return spec.name();
    }

    /** {@code <conf-dir>/<vmid>.conf}. */
    public Path confFile() {
        return lab.confDir().resolve(vmid() + ".conf");
    }

    /** {@code <run-dir>/<vmid>.qmp}: for the code under test (QEMU serves one client at a time there). */
    public Path qmpSocket() {
        return lab.runDir().resolve(vmid() + ".qmp");
    }

    /** {@code <run-dir>/<vmid>.qga}: exists unless the agent mode is {@link GuestAgentMode#NONE}. */
    public Path qgaSocket() {
        return lab.runDir().resolve(vmid() + ".qga");
    }

    /** {@code <run-dir>/<vmid>.pid}: written by QEMU; stays behind after {@link #kill()}, as on a real node. */
    public Path pidFile() {
        return lab.runDir().resolve(vmid() + ".pid");
    }

    /** QEMU's stdout (appended across restarts): the qemu-io results. */
    public Path stdoutLog() {
        return labDir().resolve(vmid() + ".out");
    }

    /** QEMU's stderr (appended across restarts). */
    public Path stderrLog() {
        return labDir().resolve(vmid() + ".err");
    }

    /** The disks in the order added. */
    public List<LabDisk> disks() {
        return spec.disks();
    }

    /** The disk in {@code slot}, e.g. {@code scsi0}. */
    public LabDisk disk(String slot) {
        return spec.disks().stream().filter(d -> d.slot().equals(slot)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("VM " + vmid() + " has no disk " + slot));
    }

    /** The agent mode. */
    public GuestAgentMode agentMode() {
        return spec.agent();
    }

    public synchronized boolean isRunning() {
        return qemu != null && qemu.isAlive();
    }

    /** The QEMU process id; throws when stopped. */
    public synchronized long pid() {
        requireRunning();
        return qemu.pid();
    }

    /** Starts QEMU (and the host agent) and waits until the monitor answers. */
    public synchronized LabVm start() {
        if (isRunning()) {
            throw new IllegalStateException("VM " + vmid() + " is already running");
        }
        try {
            if (spec.agent() == GuestAgentMode.HOST_AGENT) {
                agent = new ProcessBuilder(QemuCommandLine.guestAgent(this)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                labDir().resolve(vmid() + ".qga.log").toFile()))
                        .start();
                lab.track(agent);
            }
            qemu = new ProcessBuilder(QemuCommandLine.qemu(this))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog().toFile()))
                    .start();
            lab.track(qemu);
            monitor = connectMonitor();
            if (agent != null) {
                awaitListening(qgaSocket(), agent, "qemu-ga");
            }
            return this;
        } catch (IOException | RuntimeException e) {
            stopProcesses(false);
            throw new IllegalStateException("VM " + vmid() + " did not start: " + e.getMessage() + "\n" + stderr(), e);
        }
    }

    /** Graceful {@code quit} (stores persistent bitmaps); waits for the process to exit. */
    public synchronized void quit() {
        requireRunning();
        LabAwait.result(monitor.execute("quit"));
        waitExit(qemu, "quit");
        stopProcesses(true);
    }

    /** {@code kill -9}: no bitmaps stored (they reload inconsistent), pid file and sockets left behind. */
    public synchronized void kill() {
        requireRunning();
        stopProcesses(false);
    }

    /** {@link #quit()} then {@link #start()}. */
    public synchronized LabVm restart() {
        quit();
        return start();
    }

    /** Writes {@code length} bytes of {@code pattern} at {@code offset} into disk {@code slot} and confirms it. */
    public synchronized void writePattern(String slot, int pattern, long offset, long length) {
        io(slot, QemuIo.writeCommand(pattern, offset, length), QemuIo.success("wrote", offset, length));
    }

    /** Writes zeroes ({@code write -z}) at {@code offset} into disk {@code slot} and confirms it. */
    public synchronized void writeZeroes(String slot, long offset, long length) {
        io(slot, QemuIo.zeroCommand(offset, length), QemuIo.success("wrote", offset, length));
    }

    /** Reads back and fails unless {@code [offset, offset+length)} of disk {@code slot} is all {@code pattern}. */
    public synchronized void verifyPattern(String slot, int pattern, long offset, long length) {
        io(slot, QemuIo.readCommand(pattern, offset, length), QemuIo.success("read", offset, length));
    }

    /**
     * A raw copy of disk {@code slot} as it is now (flushed first when the VM runs): what a restore of a point taken at
     * this moment must equal.
     */
    public synchronized void copyDiskAsRaw(String slot, Path to) throws IOException {
        if (isRunning()) {
            hmp("qemu-io drive-" + slot + " flush");
        }
        QemuImg.run(List.of("qemu-img", "convert", "-U", "-q", "-f", disk(slot).format(), "-O", "raw",
                disk(slot).path().toString(), to.toString()));
    }

    /** A QMP command through the lab's private monitor (running VM only); returns the {@code return} value. */
    public synchronized Object qmp(String command, JsonObject arguments) {
        requireRunning();
        return LabAwait.result(monitor.call(command, arguments));
    }

    /** An HMP command line through the lab's private monitor; returns its output. */
    public synchronized String hmp(String commandLine) {
        return String.valueOf(qmp("human-monitor-command", new JsonObject().put("command-line", commandLine)));
    }

    private void io(String slot, String command, String expected) {
        LabDisk disk = disk(slot);
        if (isRunning()) {
            QemuIo.online(this::hmp, stdoutLog(), disk.driveId(), command, expected);
        } else {
            QemuIo.offline(disk, command, expected);
        }
    }

    LabVmSpec spec() {
        return spec;
    }

    Path labDir() {
        return lab.labDir();
    }

    Path labMonitorSocket() {
        return labDir().resolve(vmid() + ".mon");
    }

    /**
     * Stops QEMU and the agent by handle (SIGKILL; the agent gets SIGTERM when {@code graceful}) and closes the
     * monitor; safe to call in any state.
     */
    synchronized void stopProcesses(boolean graceful) {
        for (Process p : new Process[] {qemu, agent}) {
            if (p != null) {
                if (graceful && p == agent) {
                    p.destroy();
                } else {
                    p.destroyForcibly();
                }
                waitExit(p, "kill");
            }
        }
        if (monitor != null) {
            LabAwait.quietly(monitor.close());
        }
        qemu = null;
        agent = null;
        monitor = null;
    }

    private QmpClient connectMonitor() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        QmpOptions options = QmpOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5));
        while (true) {
            if (!qemu.isAlive()) {
                throw new IllegalStateException("QEMU exited with " + qemu.exitValue());
            }
            try {
                return LabAwait.result(QmpClient.connect(lab.vertx(), labMonitorSocket().toString(), options));
            } catch (QmpConnectionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LabAwait.sleep(10);
            }
        }
    }

    private static void awaitListening(Path socket, Process owner, String what) {
        if (!UnixSockets.awaitListening(socket, owner, START_TIMEOUT)) {
            throw new IllegalStateException(what + " did not listen on " + socket);
        }
    }

    private void waitExit(Process p, String how) {
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("VM " + vmid() + ": process " + p.pid() + " did not exit after " + how);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("VM " + vmid() + " is not running");
        }
    }

    private String stderr() {
        try {
            return Files.exists(stderrLog()) ? Files.readString(stderrLog()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "LabVm[" + vmid() + " " + name() + (isRunning() ? " running" : " stopped") + "]";
    }
}
