package io.vmferry.cli;

import io.vmferry.bus.config.ConfigException;
import io.vmferry.qemu.pve.PveConfigException;
import io.vmferry.stream.api.PkiException;
import picocli.CommandLine;

/** Entry point of {@code infra/bin/vmferry}: maps outcomes to exit codes 0 / 1 / 2 (DESIGN §5). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        Logging.configure(args);
        return commandLine(new VmferryCommand()).execute(args);
    }

    /** The CLI on {@code root}, with the exception-to-exit-code mapping every command shares. */
    public static CommandLine commandLine(VmferryCommand root) {
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = exitCode(e);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            cmd.getErr().println("vmferry: " + msg);
            if (System.getenv("VMFERRY_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return code;
        });
        return cli;
    }

    static int exitCode(Throwable e) {
        // PkiException: the configured certificates cannot be used (a job's peer problems end the job, not the CLI)
        if (e instanceof UsageException || e instanceof ConfigException || e instanceof PveConfigException
                || e instanceof PkiException || e instanceof IllegalArgumentException) {
            return 2;
        }
        return 1;
    }
}
