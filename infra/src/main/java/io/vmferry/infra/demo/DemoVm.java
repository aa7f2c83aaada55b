package io.vmferry.infra.demo;

import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.proc.Tether;
import io.vmferry.qemu.proc.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away VM laid out like a Proxmox node in a temp dir: {@code conf/<vmid>.conf},
 * {@code storage.cfg} with a dir storage, qcow2 images, and a running
 * {@code qemu-system-x86_64 -machine none} (no guest OS needed) with its QMP socket in {@code run/}.
 */
public final class DemoVm implements AutoCloseable {
    private final Path root;
    private final int vmid;
    /** QEMU, tied to this JVM: a demo or benchmark killed outright must not leave its VM running. */
    private final Tether tether;

    private DemoVm(Path root, int vmid, Process qemu) throws IOException {
        this.root = root;
        this.vmid = vmid;
        this.tether = Tether.of(qemu);
    }

    /**
     * Creates and starts VM {@code vmid} named {@code name} with one empty qcow2 disk {@code scsi0} of {@code size}.
     */
    public static DemoVm start(Path root, int vmid, String name, String size) throws IOException {
        return start(root, vmid, name, size, 0);
    }

    /**
     * Creates and starts VM {@code vmid} with one qcow2 disk {@code scsi0} of {@code size} holding
     * {@code seedMiB} MiB of random data in 4 MiB runs spread over the disk (the rest stays sparse).
     */
    public static DemoVm start(Path root, int vmid, String name, String size, int seedMiB) throws IOException {
        Path images = root.resolve("storage/images/" + vmid);
        Files.createDirectories(images);
        Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("run"));
        Files.writeString(root.resolve("storage.cfg"), "dir: local\n\tpath " + root.resolve("storage")
                + "\n\tcontent images,iso\n");
        String file = "vm-" + vmid + "-disk-0.qcow2";
        Path image = images.resolve(file);
        if (seedMiB > 0) {
            DemoData.seed(root.resolve("seed.raw"), size, seedMiB);
            QemuImg.run(List.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2",
                    root.resolve("seed.raw").toString(), image.toString()));
            Files.delete(root.resolve("seed.raw"));
        } else {
            QemuImg.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), size));
        }
        Files.writeString(root.resolve("conf/" + vmid + ".conf"), """
                #vmferry demo VM
                cores: 1
                memory: 512
                name: %s
                ostype: l26
                scsi0: local:%d/%s,size=%s
                scsihw: virtio-scsi-single
                """.formatted(name, vmid, file, size));
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "none", "-nodefaults",
                "-display", "none", "-accel", "tcg", "-pidfile", root.resolve("run/" + vmid + ".pid").toString(),
                "-qmp", "unix:" + root.resolve("run/" + vmid + ".qmp") + ",server=on,wait=off",
                "-qmp", "unix:" + root.resolve("run/" + vmid + ".demo.qmp") + ",server=on,wait=off",
                "-drive", "if=none,id=drive-scsi0,driver=qcow2,file.driver=file,file.filename=" + image
                        + ",node-name=fmt-scsi0,file.node-name=file-scsi0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("run/" + vmid + ".log").toFile()))
                .start();
        Path qmp = root.resolve("run/" + vmid + ".qmp");
        if (!UnixSockets.awaitListening(qmp, p, Duration.ofSeconds(20))) {
            p.destroyForcibly();
            throw new IOException("QEMU did not start: see " + root.resolve("run/" + vmid + ".log"));
        }
        return new DemoVm(root, vmid, p);
    }

    /** Writes through the VM's drive as its guest would ({@code qemu-io} commands, e.g. {@code write -P 0x5a 0 1M}). */
    public void guestWrite(String... commands) throws IOException {
        try (DemoMonitor m = new DemoMonitor(root.resolve("run/" + vmid + ".demo.qmp"))) {
            for (String c : commands) {
                m.qemuIo("drive-scsi0", c);
            }
            m.qemuIo("drive-scsi0", "flush");
        }
    }

    /** The disk's current content as a raw file: the oracle a restore must equal. */
    public void copyDiskTo(Path raw) throws IOException {
        QemuImg.run(List.of("qemu-img", "convert", "-U", "-q", "-f", "qcow2", "-O", "raw",
                root.resolve("storage/images/" + vmid + "/vm-" + vmid + "-disk-0.qcow2").toString(), raw.toString()));
    }

    public Path root() {
        return root;
    }

    public int vmid() {
        return vmid;
    }

    /** YAML configuration pointing vmferry at this VM's node layout and a repository beside it. */
    public String configYaml() {
        return """
                hypervisor: {type: qemu, host: demo, run-dir: %s, conf-dir: %s, storage-cfg: %s}
                repository: {path: %s}
                receiver: {path: %s}
                """.formatted(root.resolve("run"), root.resolve("conf"), root.resolve("storage.cfg"),
                root.resolve("repo"), root.resolve("replicas"));
    }

    @Override
    public void close() {
        tether.stop(Duration.ofSeconds(10));
    }
}
