package io.vmferry.testkit.qemu;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A throw-away Proxmox-like QEMU node for tests, laid out like the real one under a temp directory:
 * <pre>
 * &lt;root&gt;/etc/pve/storage.cfg              dir: local, path &lt;root&gt;/var/lib/vz
 * &lt;root&gt;/etc/pve/qemu-server/201.conf     Proxmox VM config
 * &lt;root&gt;/var/lib/vz/images/201/vm-201-disk-0.qcow2
 * &lt;root&gt;/var/run/qemu-server/201.qmp      QMP (for the code under test), 201.qga, 201.pid
 * &lt;root&gt;/lab/                             lab-private: monitors, QEMU stdout/stderr, agent state
 * </pre>
 * Use it with {@link QemuLabExtension} or in try-with-resources:
 * <pre>{@code
 * try (QemuLab lab = QemuLab.create()) {
 *     LabVm vm = lab.vm(201).name("web1").disk("scsi0", "1G", "qcow2").disk("virtio1", "64M", "raw")
 *             .cdrom("ide2").agent(GuestAgentMode.SILENT).start();
 *     vm.writePattern("scsi0", 0x11, 0, 65536);
 *     lab.vm(202).name("db1").disk("scsi0", "64M").create();      // stopped: config and image only
 * }                                                               // processes killed, directory removed
 * }</pre>
 * {@link #close()} kills every process by handle and deletes the directory; a shutdown hook does the same if the
 * JVM exits first. Needs {@code qemu-system-x86_64}, {@code qemu-img} and {@code qemu-io} ({@code qemu-ga} for
 * {@link GuestAgentMode#HOST_AGENT}); see {@link #isAvailable()}.
 */
public final class QemuLab implements AutoCloseable {
    private final Path root;
    private final Map<Integer, LabVm> vms = new TreeMap<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;
    private Vertx vertx;
    private boolean closed;

    private QemuLab(Path root) throws IOException {
        this.root = root;
        for (Path dir : List.of(confDir(), runDir(), storagePath().resolve("images"), labDir())) {
            Files.createDirectories(dir);
        }
        Files.writeString(storageCfg(), "dir: local\n\tpath " + storagePath() + "\n\tcontent iso,vztmpl,backup,images\n");
        this.shutdownHook = new Thread(this::killAll, "qemu-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A lab in a new temp directory ({@code java.io.tmpdir}, or {@code /tmp} when that path is too long). */
    public static QemuLab create() {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            if (tmp.toAbsolutePath().toString().length() > 30) {
                tmp = Path.of("/tmp");
            }
            return create(Files.createTempDirectory(tmp, "vmferry-lab"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lab under {@code root}, which {@link #close()} deletes. Unix socket paths must stay under 108 bytes. */
    public static QemuLab create(Path root) {
        String abs = root.toAbsolutePath().toString();
        if (abs.length() > 60 || abs.contains(",")) {
            throw new IllegalArgumentException("lab root must be short (socket paths) and comma-free: " + abs);
        }
        try {
            return new QemuLab(root.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the QEMU tools the lab needs are installed. */
    public static boolean isAvailable() {
        return Stream.of("qemu-system-x86_64", "qemu-img", "qemu-io").allMatch(QemuLab::onPath);
    }

    static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, binary)));
    }

    /** Starts describing VM {@code vmid}; finish with {@link LabVmBuilder#create()} or {@link LabVmBuilder#start()}. */
    public LabVmBuilder vm(int vmid) {
        return new LabVmBuilder(this, vmid);
    }

    /** A VM created earlier. */
    public synchronized LabVm get(int vmid) {
        LabVm vm = vms.get(vmid);
        if (vm == null) {
            throw new IllegalArgumentException("no lab VM " + vmid);
        }
        return vm;
    }

    /** Every VM, by VMID. */
    public synchronized Collection<LabVm> vms() {
        return List.copyOf(vms.values());
    }

    /** {@link LabVm#writePattern} on VM {@code vmid}: through its drive when running, else on the image. */
    public void writePattern(int vmid, String disk, int pattern, long offset, long length) {
        get(vmid).writePattern(disk, pattern, offset, length);
    }

    /** {@link LabVm#writeZeroes} on VM {@code vmid}. */
    public void writeZeroes(int vmid, String disk, long offset, long length) {
        get(vmid).writeZeroes(disk, offset, length);
    }

    /** The lab's root directory. */
    public Path root() {
        return root;
    }

    /** {@code <root>/etc/pve/qemu-server}: the VM configs (Proxmox {@code /etc/pve/qemu-server}). */
    public Path confDir() {
        return root.resolve("etc/pve/qemu-server");
    }

    /** {@code <root>/etc/pve/storage.cfg}. */
    public Path storageCfg() {
        return root.resolve("etc/pve/storage.cfg");
    }

    /** {@code <root>/var/run/qemu-server}: QMP, agent and pid files (Proxmox {@code /var/run/qemu-server}). */
    public Path runDir() {
        return root.resolve("var/run/qemu-server");
    }

    /** The {@code path} of the {@code local} dir storage; images live in {@code images/<vmid>/} below it. */
    public Path storagePath() {
        return root.resolve("var/lib/vz");
    }

    /** Lab-private files; not part of the node layout. */
    public Path labDir() {
        return root.resolve("lab");
    }

    /** Appends text (e.g. another storage section) to {@code storage.cfg}. */
    public void appendStorageCfg(String text) {
        try {
            Files.writeString(storageCfg(), "\n" + text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lab's own Vert.x (for its monitor connections); created on first use, closed with the lab. */
    public synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    synchronized LabVm register(LabVmSpec spec) {
        if (closed) {
            throw new IllegalStateException("lab closed");
        }
        if (vms.containsKey(spec.vmid())) {
            throw new IllegalArgumentException("VM " + spec.vmid() + " exists already");
        }
        LabVm vm = new LabVm(this, spec);
        try {
            for (LabDisk d : spec.disks()) {
                Files.createDirectories(d.path().getParent());
                LabCommands.run(List.of("qemu-img", "create", "-q", "-f", d.format(), d.path().toString(),
                        Long.toString(d.sizeBytes())));
            }
            Path tmp = confDir().resolve(spec.vmid() + ".conf.tmp");
            Files.writeString(tmp, PveConfWriter.render(spec));
            Files.move(tmp, vm.confFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vms.put(spec.vmid(), vm);
        return vm;
    }

    void track(Process p) {
        processes.removeIf(x -> !x.isAlive());
        processes.add(p);
    }

    /** Kills every VM and agent by handle, closes Vert.x and deletes the directory. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (LabVm vm : vms()) {
            vm.stopProcesses(false);
        }
        killAll();
        Vertx v;
        synchronized (this) {
            v = vertx;
        }
        if (v != null) {
            LabAwait.quietly(v.close());
        }
        deleteTree(root);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // JVM already shutting down
        }
    }

    private void killAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (Thread.currentThread() == shutdownHook) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete lab directory " + dir, e);
        }
    }
}
