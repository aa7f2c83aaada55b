package io.vmferry.bus.config;

import java.nio.file.Path;

/**
 * The Bacula destination (docs/bacula.md): what the bpipe generator, readers, writers and the check on a
 * hypervisor node use, and how {@code vmferry bacula restore|points} reach the Director.
 *
 * @param command              the vmferry command the generated bpipe lines run (no {@code :})
 * @param stateDir             the job journal, snapshot holds and point ledger
 * @param bconsole             the bconsole executable
 * @param bconsoleConfig       a bconsole.conf for the Director; null: readers only detect stalls, and
 *                             {@code restore}/{@code points} need {@code --bconsole-config}
 * @param client               the Bacula client (FD) of this node, for restores and points
 * @param restoreJob           the Restore job resource
 * @param stallTimeoutSeconds  a reader whose stdout was not drained for this long gives up
 * @param holdTimeoutSeconds   a snapshot held for a job longer than this is released as failed
 */
public record BaculaConfig(String command, Path stateDir, Path bconsole, Path bconsoleConfig, String client,
                           String restoreJob, Integer stallTimeoutSeconds, Integer holdTimeoutSeconds) {
    public static final String DEFAULT_COMMAND = "/usr/local/bin/vmferry";
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/vmferry/bacula");
    public static final Path DEFAULT_BCONSOLE = Path.of("/usr/sbin/bconsole");
    public static final String DEFAULT_RESTORE_JOB = "RestoreFiles";
    public static final int DEFAULT_STALL_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_HOLD_TIMEOUT_SECONDS = 12 * 3600;

    public BaculaConfig {
        command = command == null ? DEFAULT_COMMAND : command.strip();
        stateDir = stateDir == null ? DEFAULT_STATE_DIR : stateDir;
        bconsole = bconsole == null ? DEFAULT_BCONSOLE : bconsole;
        restoreJob = restoreJob == null ? DEFAULT_RESTORE_JOB : restoreJob;
        stallTimeoutSeconds = stallTimeoutSeconds == null ? DEFAULT_STALL_TIMEOUT_SECONDS : stallTimeoutSeconds;
        holdTimeoutSeconds = holdTimeoutSeconds == null ? DEFAULT_HOLD_TIMEOUT_SECONDS : holdTimeoutSeconds;
        if (command.isEmpty() || command.indexOf(':') >= 0 || command.indexOf('\n') >= 0) {
            throw new ConfigException("bacula.command must be a command line without ':' (the bpipe separator): '"
                    + command + "'");
        }
        if (stallTimeoutSeconds < 1 || holdTimeoutSeconds < 1) {
            throw new ConfigException("bacula.stall-timeout-seconds and hold-timeout-seconds must be positive");
        }
    }

    public static BaculaConfig defaults() {
        return new BaculaConfig(null, null, null, null, null, null, null, null);
    }
}
