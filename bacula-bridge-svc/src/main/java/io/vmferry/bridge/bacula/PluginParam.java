package io.vmferry.bridge.bacula;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of the vmferry plugin string ({@code Plugin = "\\|vmferry bacula plugins KEY=VALUE ... %l %i %n"}).
 * Keys are case-insensitive, {@code -} counts as {@code _}, and each key has aliases.
 */
public enum PluginParam {
    /** Hypervisor host of the VMs (the {@code <host>} of the VM key); default: the local host name. */
    HOST("a host name", "[A-Za-z0-9][A-Za-z0-9.-]*", "pve_host", "pvehost", "host"),
    /** VM selection: {@code *}, a VMID, a name, a wildcard ({@code web*}) or a comma list. Required. */
    VM("a VM selection (*, 101, web*, 101,web2)", "[A-Za-z0-9*?._,-]+", "vm", "vms"),
    /** VMIDs to leave out of the selection, comma separated. */
    EXCLUDE("a comma list of VMIDs", "\\d+(,\\d+)*", "exclude"),
    /** How a running VM is held while its disks are read: {@code snapshot} (default), {@code suspend}, {@code stop}. */
    BACKUP_TYPE("snapshot, suspend or stop", "snapshot|suspend|stop", "backup_type", "backuptype", "mode"),
    /** Freeze guest file systems through the guest agent: yes (default) or no. */
    QUIESCE("yes or no", null, "quiesce"),
    /** Back up the VM config as its own stream: yes (default) or no. */
    INCLUDE_CONFIG("yes or no", null, "include_config", "config"),
    /** Back up the VM firewall rules as their own stream: no (default) or yes; needs include_config. */
    INCLUDE_FIREWALL("yes or no", null, "include_firewall", "firewall"),
    /** Restore: the {@code dir} storage that the disks of a new VM are written to (default: each disk's own). */
    STORAGE("a storage id", "[A-Za-z0-9][A-Za-z0-9._-]*", "storage", "target_storage", "targetstorage"),
    /** Default restore target: a directory that restored disks are written to as image files. */
    DESTINATION("an absolute path", "/[A-Za-z0-9._/@+=,-]*", "destination", "dest"),
    /** Restore: rebuild the point into a new VM with this VMID in the {@code qemu} layout. */
    NEW_VMID("a VMID (100..999999999)", "[1-9]\\d{2,8}", "new_vmid", "newvmid"),
    /** Restore: the new VM's name (default: the original name + {@code -restored}); needs {@code new_vmid}. */
    NEW_VM_NAME("a VM name", "[A-Za-z0-9][A-Za-z0-9.-]*", "new_vm_name", "newvmname"),
    /** Restore: replace an existing VM (the new VMID, or the original VM for an empty {@code where}): no (default) or yes. */
    OVERWRITE_VMID("yes or no", null, "overwrite_vmid", "overwritevmid", "overwrite"),
    /** Restore: start the new VM once the restore job has ended: no (default) or yes; needs {@code new_vmid}. */
    START_VM("yes or no", null, "start_vm", "startvm", "start");

    /** The keys that only matter at restore time: the writer takes them from its command line and from {@code where}. */
    public static final java.util.Set<PluginParam> RESTORE = java.util.EnumSet.of(STORAGE, DESTINATION, NEW_VMID,
            NEW_VM_NAME, OVERWRITE_VMID, START_VM);

    private static final List<String> TRUE = List.of("yes", "true", "1", "on");
    private static final List<String> FALSE = List.of("no", "false", "0", "off");

    private final String expected;
    private final Pattern pattern;
    private final List<String> names;

    PluginParam(String expected, String regex, String... names) {
        this.expected = expected;
        this.pattern = regex == null ? null : Pattern.compile(regex);
        this.names = List.of(names);
    }

    /** The canonical key, e.g. {@code backup_type}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every accepted spelling, canonical first where it is one of them. */
    public List<String> names() {
        return names;
    }

    /** Whether the value is a yes/no flag. */
    public boolean isFlag() {
        return pattern == null;
    }

    /** The key a spelling stands for, after lower-casing and mapping {@code -} to {@code _}. */
    public static Optional<PluginParam> forName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        for (PluginParam p : values()) {
            if (p.names.contains(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Checks one raw value and returns its canonical form ({@code yes}/{@code no} for flags). */
    String normalize(String given, String value) {
        if (isFlag()) {
            String v = value.toLowerCase(Locale.ROOT);
            if (TRUE.contains(v)) {
                return "yes";
            }
            if (FALSE.contains(v)) {
                return "no";
            }
        } else if (pattern.matcher(value).matches() && !value.contains("..")) {
            return value;
        }
        throw new PluginParamException("bad value for plugin parameter '" + given + "': '" + value
                + "' (expected " + expected + ")");
    }
}
