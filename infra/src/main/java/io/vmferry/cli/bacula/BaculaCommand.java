package io.vmferry.cli.bacula;

import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.VmferryCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code vmferry bacula ...}: the Bacula bpipe integration (docs/bacula.md). */
@Command(name = "bacula", description = "Bacula integration: bpipe generator, reader, writer, check, restore.",
        subcommands = {PluginsCommand.class, ReadCommand.class, HoldCommand.class, WriteCommand.class,
                CheckCommand.class, BaculaPointsCommand.class, BaculaRestoreCommand.class, StartCommand.class,
                AgentCommand.class})
public final class BaculaCommand {
    @ParentCommand
    VmferryCommand root;

    /** Where the subcommand reads and writes: this JVM's own streams, or a job agent's client's. */
    BaculaIo io = BaculaIo.system();

    /** The configuration of the root command. */
    VmferryConfig config() {
        return root.config();
    }
}
