package io.vmferry.infra.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a demo VM in DIR and keeps it until killed (benchmarks and manual trials). */
public final class DemoVmMain {
    private DemoVmMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        try (DemoVm vm = DemoVm.start(root, 9001, "demo-vm", "256M")) {
            Files.writeString(root.resolve("vmferry.yaml"), vm.configYaml());
            Thread.currentThread().join();
        }
    }
}
