package io.vmferry.infra.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a demo VM in DIR and keeps it until killed (benchmarks and manual trials).
 * Usage: {@code DemoVmMain DIR [SIZE [SEED_MIB]]} (default 256M, empty disk).
 */
public final class DemoVmMain {
    private DemoVmMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String size = args.length > 1 ? args[1] : "256M";
        int seedMiB = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        DemoVm vm = DemoVm.start(root, 9001, "demo-vm", size, seedMiB);
        // SIGTERM runs shutdown hooks, not try-with-resources: stop QEMU from a hook
        Runtime.getRuntime().addShutdownHook(new Thread(vm::close, "demo-vm-stop"));
        Files.writeString(root.resolve("vmferry.yaml"), vm.configYaml());
        System.out.println("VM_READY");
        Thread.currentThread().join();
    }
}
