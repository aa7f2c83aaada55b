package io.vmferry.cli;

import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.infra.demo.DemoVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmferry demo}: creates a throw-away QEMU VM in a temp dir and runs the main job on it
 * with the embedded defaults.
 */
@Command(name = "demo", description = "Create a throw-away QEMU VM in a temp dir and run vmferry on it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the temp dir (VM layout, repository) afterwards")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory("vmferry-demo-");
        System.err.println("demo: node layout in " + root);
        try (DemoVm vm = DemoVm.start(root, 9001, "demo-vm", "256M")) {
            Path config = root.resolve("vmferry.yaml");
            Files.writeString(config, vm.configYaml());
            VmferryConfig cfg = ConfigLoader.load(config);
            System.err.println("demo: VM " + vm.vmid() + " running (qemu -machine none); config " + config);
            int rc = new CommandLine(new VmferryCommand()).execute("--config", config.toString(), "vms");
            if (rc != 0) {
                throw new JobFailedException("listing the demo VM failed (exit " + rc + ")");
            }
            System.err.println("demo: done (host " + cfg.hypervisor().host() + ")");
        } finally {
            if (!keep) {
                deleteTree(root);
            }
        }
        return 0;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
