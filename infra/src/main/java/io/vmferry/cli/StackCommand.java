package io.vmferry.cli;

import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.infra.Services;
import io.vmferry.infra.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry stack}: every service (and the embedded broker unless configured) until SIGTERM. */
@Command(name = "stack", description = "Run every service (and the embedded broker unless configured) until stopped.")
final class StackCommand implements Callable<Integer> {
    @ParentCommand
    VmferryCommand root;

    @Override
    public Integer call() throws Exception {
        Stack stack = Stack.start(root.config(), Services.all(), true); // closes itself on SIGTERM
        for (ServiceRunner.Started s : stack.services()) {
            System.err.println("vmferry " + s.service().name() + " service up"
                    + (s.httpPort() > 0 ? " health=http://127.0.0.1:" + s.httpPort() + "/health" : ""));
        }
        System.out.println("vmferry stack ready bootstrap=" + stack.bus().bootstrapServers());
        System.out.flush();
        stack.awaitClosed();
        return 0;
    }
}
