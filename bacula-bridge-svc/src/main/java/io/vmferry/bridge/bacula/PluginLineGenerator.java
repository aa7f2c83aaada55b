package io.vmferry.bridge.bacula;

import io.vmferry.stream.api.BackupLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints the {@code bpipe:} lines of one vmferry job: the FileSet line
 * {@code Plugin = "\\|CMD bacula plugins PARAMS %l %i %n"} runs this on the client at job start, and the
 * File Daemon backs up one pseudo file per line.
 *
 * <p>Per selected disk, then per VM its config (and firewall) stream:
 * <pre>
 * bpipe:/@vmferry/pve1/101/scsi0/20261122T053000Z-full-12.vfs:CMD bacula read host=pve1 vm=101 disk=scsi0
 *   level=full jobid=12:CMD bacula write '%w' '%r' /@vmferry/pve1/101/scsi0/20261122T053000Z-full-12.vfs
 * </pre>
 * (one line). The reader command cannot contain {@code :} (bpipe's field separator; everything after the
 * third {@code :} is the writer); {@code %w} (restore location, empty for the original one) and
 * {@code %r} (replace policy letter) are left for bpipe, quoted. The writer also carries the restore keys the
 * parameters give ({@link PluginParam#RESTORE}: {@code storage=}, {@code new_vmid=}, ...) as defaults.
 */
public final class PluginLineGenerator {
    private final String command;
    private final Clock clock;

    /**
     * @param command the vmferry command the client runs, e.g. {@code /usr/local/bin/vmferry}; no {@code :}
     * @param clock   the clock giving {@code <time>}
     */
    public PluginLineGenerator(String command, Clock clock) {
        if (command.isBlank() || command.indexOf(':') >= 0 || command.contains("\n")) {
            throw new IllegalArgumentException("bad vmferry command for plugin lines: '" + command + "'");
        }
        this.command = command.strip();
        this.clock = clock;
    }

    /**
     * The plugin lines for one job.
     *
     * @param args  the parameters and the job codes {@code %l %i %n}
     * @param disks the selected disks in backup order; VMs in {@code exclude} are dropped
     * @return one line per disk, then per VM its config and firewall lines as the parameters ask
     * @throws PluginParamException on an unsupported level, a reserved disk name, or when no disk is left
     */
    public List<String> generate(GeneratorArgs args, List<VmDisk> disks) {
        PluginParams params = args.params();
        BackupLevel level = BaculaLevels.fromBacula(args.baculaLevel());
        long jobId = args.jobId();
        Instant time = clock.instant();
        List<VmDisk> selected = disks.stream().filter(d -> !params.exclude().contains(d.vmid())).toList();
        if (selected.isEmpty()) {
            throw new PluginParamException("job " + args.jobName() + ": no disk selected by vm=" + params.vm()
                    + (params.exclude().isEmpty() ? "" : " exclude=" + params.get(PluginParam.EXCLUDE).orElseThrow()));
        }
        List<String> lines = new ArrayList<>();
        Set<String> vms = new LinkedHashSet<>();
        for (VmDisk disk : selected) {
            if (StreamKind.forDisk(disk.disk()) != StreamKind.DISK) {
                throw new PluginParamException("disk name '" + disk.disk() + "' of VM " + disk.vmKey() + " is reserved");
            }
            lines.add(line(params, new CatalogPath(disk, time, level, jobId)));
            vms.add(disk.vmKey());
        }
        for (String vm : vms) {
            VmDisk first = selected.stream().filter(d -> d.vmKey().equals(vm)).findFirst().orElseThrow();
            if (params.includeConfig()) {
                lines.add(line(params, new CatalogPath(new VmDisk(first.host(), first.vmid(), "config"), time, level, jobId)));
            }
            if (params.includeFirewall()) {
                lines.add(line(params, new CatalogPath(new VmDisk(first.host(), first.vmid(), "firewall"), time, level, jobId)));
            }
        }
        return lines;
    }

    /** One {@code bpipe:} line. */
    String line(PluginParams params, CatalogPath path) {
        VmDisk d = path.disk();
        List<String> reader = new ArrayList<>(List.of("bacula", "read", "host=" + d.host(), "vm=" + d.vmid(),
                "disk=" + d.disk(), "level=" + path.level().label(), "jobid=" + path.jobId()));
        if (params.backupType() != BackupType.SNAPSHOT) {
            reader.add("backup_type=" + params.backupType().label());
        }
        if (!params.quiesce()) {
            reader.add("quiesce=no");
        }
        StringBuilder writer = new StringBuilder(command).append(" bacula write '%w' '%r' ").append(path);
        params.restoreTokens().forEach(t -> writer.append(' ').append(t));
        String readerCommand = command + " " + ShellQuote.join(reader);
        if (readerCommand.indexOf(':') >= 0) {
            throw new PluginParamException("reader command contains ':' (bpipe separator): " + readerCommand);
        }
        return "bpipe:" + path + ":" + readerCommand + ":" + writer;
    }

    /**
     * The line a failing generator prints instead of plugin lines. The File Daemon logs it as
     * {@code Error: ... Malformed plugin command: vmferry error - MESSAGE}, so the reason is in the job log;
     * a generator that exits non-zero has its output (stdout and stderr, which the FD merges) dropped and the
     * log only says {@code Error running program ... stat=N}.
     */
    public static String errorLine(String message) {
        return "vmferry error - " + BaculaException.oneLine(message).replace(": ", " - ").replace(':', ' ');
    }
}
