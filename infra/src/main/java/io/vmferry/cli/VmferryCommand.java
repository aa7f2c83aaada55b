package io.vmferry.cli;

import io.vmferry.bridge.repo.LocalRepository;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: global options and the subcommand list. */
@Command(name = "vmferry", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Agentless VM backup, restore and conversion for QEMU/Proxmox.",
        subcommands = {StackCommand.class, VmsCommand.class, BackupCommand.class, PointsCommand.class,
                RestoreCommand.class, VerifyCommand.class, PruneCommand.class, UntrackCommand.class,
                CertsCommand.class, DemoCommand.class, ConvertCommand.class, ConvertConfigCommand.class,
                io.vmferry.cli.bacula.BaculaCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed (the message says why)", "2:bad usage or configuration"})
public final class VmferryCommand {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: $VMFERRY_CONFIG, else built-in defaults)")
    Path configFile;

    private VmferryConfig preset;

    /** A root command whose subcommands use {@code config} instead of loading one (a long-running process's). */
    public static VmferryCommand withConfig(VmferryConfig config) {
        VmferryCommand root = new VmferryCommand();
        root.preset = config;
        return root;
    }

    /** The configuration from {@code --config}, {@code VMFERRY_CONFIG}, or the defaults. */
    /** The configured local repository; a usage error when its directory does not exist. */
    public LocalRepository repository() {
        Path path = config().repository().path();
        if (!Files.isDirectory(path)) {
            throw new UsageException("repository " + path + " does not exist (no backup was taken yet?)");
        }
        return LocalRepository.open(path);
    }

    public VmferryConfig config() {
        if (preset != null) {
            return preset;
        }
        Path file = configFile;
        if (file == null) {
            String env = System.getenv("VMFERRY_CONFIG");
            file = env == null || env.isBlank() ? null : Path.of(env);
        }
        return ConfigLoader.load(file);
    }
}
