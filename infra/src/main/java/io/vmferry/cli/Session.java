package io.vmferry.cli;

import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.infra.Services;
import io.vmferry.infra.Stack;
import java.util.List;
import java.util.function.Function;

/**
 * How a one-shot command reaches the services (DESIGN §5): with a configured bootstrap it is a
 * client of the running suite; without one it starts the embedded stack for its own duration.
 */
final class Session {
    private Session() {
    }

    static <T> T run(VmferryConfig config, Function<Stack, T> body) {
        try (Stack stack = config.bus().embedded()
                ? Stack.start(config, Services.all(), false)
                : Stack.start(config, List.of(), false)) {
            return body.apply(stack);
        }
    }
}
