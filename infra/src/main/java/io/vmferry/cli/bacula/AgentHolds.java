package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.VmHold;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.Main;
import io.vmferry.cli.VmferryCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The snapshot holders of a {@link AgentCommand job agent}: {@link HoldCommand} on a thread of the agent instead of
 * a JVM of its own, so the snapshot is ready while the first reader starts. Its PID file names the agent; if the
 * agent is killed, the hold goes with it, as a killed holder process's does (the VM's next backup cleans up), and
 * on SIGTERM every hold is released as failed (HoldCommand's shutdown hook). Counted: the agent does not exit idle
 * while one holds.
 */
final class AgentHolds {
    private final VmferryConfig config;
    private final AtomicInteger running = new AtomicInteger();

    AgentHolds(VmferryConfig config) {
        this.config = config;
    }

    void start(VmHold hold, List<String> holdArgs) {
        running.incrementAndGet();
        hold.write("pid", ProcessHandle.current().pid() + "\n"); // alive from now on, for readers that look
        List<String> argv = new ArrayList<>(List.of("bacula", "hold"));
        argv.addAll(holdArgs);
        Thread.ofPlatform().name("hold-" + String.join("-", holdArgs)).start(() -> {
            try {
                Main.commandLine(VmferryCommand.withConfig(config)).execute(argv.toArray(String[]::new));
            } finally {
                if (hold.read("ready.json").isEmpty() && hold.read("failed").isEmpty()) {
                    hold.write("failed", "the snapshot holder ended without a snapshot (see the agent's log)\n");
                }
                running.decrementAndGet();
            }
        });
    }

    /** How many holders run now. */
    int running() {
        return running.get();
    }
}
