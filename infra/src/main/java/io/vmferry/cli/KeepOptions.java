package io.vmferry.cli;

import picocli.CommandLine.Option;

/** The keep counts of a retention policy, as {@code vmferry prune} and {@code vmferry backup} take them (a mixin). */
final class KeepOptions {
    @Option(names = "--keep-last", paramLabel = "N", defaultValue = "0", description = "the N newest points")
    int keepLast;

    @Option(names = "--keep-daily", paramLabel = "N", defaultValue = "0", description = "the newest point of N days")
    int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", defaultValue = "0", description = "the newest point of N weeks")
    int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", defaultValue = "0",
            description = "the newest point of N months")
    int keepMonthly;

    /** True when any count was given. */
    boolean given() {
        return keepLast != 0 || keepDaily != 0 || keepWeekly != 0 || keepMonthly != 0;
    }
}
