package io.vmferry.cli;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bridge.repo.Restorer;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.DiskResult;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.infra.BackupJob;
import io.vmferry.infra.Services;
import io.vmferry.infra.Stack;
import io.vmferry.infra.demo.DemoVm;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.qemu.pve.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmferry demo}: a throw-away QEMU VM in a temp dir, the embedded stack, then the main job:
 * full backup, guest writes, incremental, more writes, differential; every point restored and
 * checked against the disk as it was ({@code qemu-img compare}); a table of the figures.
 */
@Command(name = "demo", description = "Back up and restore a throw-away QEMU VM with the embedded stack.")
final class DemoCommand implements Callable<Integer> {
    private static final int VMID = 9001;

    @Option(names = "--keep", description = "keep the temp dir (VM layout, repository, restores) afterwards")
    boolean keep;

    @Option(names = "--size", defaultValue = "1G", description = "disk size (default 1G)")
    String size;

    @Option(names = "--data", defaultValue = "256", description = "MiB of random data on the disk (default 256)")
    int dataMiB;

    private record Row(String level, String point, long read, long stored, double seconds, String verified) {
    }

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory("vmferry-demo-");
        say("node layout and repository in " + root);
        List<Row> rows = new ArrayList<>();
        try (DemoVm vm = DemoVm.start(root, VMID, "demo-vm", size, dataMiB)) {
            Files.writeString(root.resolve("vmferry.yaml"), vm.configYaml());
            VmferryConfig cfg = ConfigLoader.load(root.resolve("vmferry.yaml"));
            say("VM " + VMID + " running (qemu -machine none, " + size + " qcow2, " + dataMiB + " MiB data); "
                    + "starting the embedded stack (Kafka + services)");
            int rc = new picocli.CommandLine(new VmferryCommand()).execute("--config",
                    root.resolve("vmferry.yaml").toString(), "vms");
            if (rc != 0) {
                throw new JobFailedException("listing the demo VM failed");
            }
            try (Stack stack = Stack.start(cfg, Services.all(), false)) {
                rows.add(backup(stack, vm, "full", root));
                vm.guestWrite("write -P 0x5a 200M 8M", "write -P 0x33 512M 64k", "write -z 8M 4M");
                rows.add(backup(stack, vm, "incremental", root));
                vm.guestWrite("write -P 0x77 300M 16M", "write -P 0x11 0 1M");
                rows.add(backup(stack, vm, "differential", root));
            }
            verify(cfg, root, rows);
        } finally {
            if (!keep) {
                deleteTree(root);
            }
        }
        print(rows);
        if (rows.stream().anyMatch(r -> !r.verified().equals("identical"))) {
            throw new JobFailedException("a restore did not equal the disk at its point");
        }
        return 0;
    }

    private Row backup(Stack stack, DemoVm vm, String level, Path root) throws IOException {
        say(level + " backup ...");
        ProgressBar bar = new ProgressBar(System.err);
        JobFinished f;
        try {
            f = BackupJob.run(stack.bus(), new JobRequest("backup", Integer.toString(VMID), List.of(), level, true,
                    "local"), Duration.ofMinutes(30), bar::update).values().iterator().next();
        } finally {
            bar.clear();
        }
        if (!f.succeeded()) {
            throw new JobFailedException(level + " backup failed: " + f.message());
        }
        vm.copyDiskTo(root.resolve("expected-" + f.pointId() + ".raw"));
        return new Row(f.level(), f.pointId(), f.disks().stream().mapToLong(DiskResult::bytesRead).sum(),
                f.disks().stream().mapToLong(DiskResult::bytesStored).sum(),
                f.disks().stream().mapToDouble(DiskResult::seconds).max().orElse(0), "?");
    }

    private static void verify(VmferryConfig cfg, Path root, List<Row> rows) throws IOException {
        LocalRepository repo = LocalRepository.open(cfg.repository().path());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            say("restoring " + r.level() + " point " + r.point() + " and comparing with the disk at that point");
            Path restored = root.resolve("restored-" + r.point() + ".raw");
            new Restorer().restore(repo, Integer.toString(VMID), "scsi0", r.point(), restored, "raw");
            String verdict;
            try {
                QemuImg.run(List.of("qemu-img", "compare", "-q", "-f", "raw", "-F", "raw",
                        root.resolve("expected-" + r.point() + ".raw").toString(), restored.toString()));
                verdict = "identical";
            } catch (IOException e) {
                verdict = "DIFFERENT";
            }
            rows.set(i, new Row(r.level(), r.point(), r.read(), r.stored(), r.seconds(), verdict));
        }
    }

    /** The result table goes to stdout (progress went to stderr), so it can be piped or kept. */
    private static void print(List<Row> rows) {
        System.err.println();
        System.out.printf("%-13s %-22s %11s %11s %8s %9s  %s%n", "LEVEL", "POINT", "READ", "STORED", "SECONDS",
                "MB/s", "RESTORE");
        for (Row r : rows) {
            System.out.printf("%-13s %-22s %11s %11s %8.2f %9.0f  %s%n", r.level(), r.point(), Sizes.human(r.read()),
                    Sizes.human(r.stored()), r.seconds(), r.seconds() > 0 ? r.read() / r.seconds() / 1e6 : 0.0,
                    r.verified());
        }
    }

    private static void say(String text) {
        System.err.println("demo: " + text);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
