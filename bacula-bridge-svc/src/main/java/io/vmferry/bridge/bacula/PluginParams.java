package io.vmferry.bridge.bacula;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parsed vmferry plugin parameters, e.g. {@code pve_host=pve1 vm=101,web* exclude=105 quiesce=no}.
 *
 * <p>Each token is {@code key=value}; keys and their aliases are listed in {@link PluginParam}. Parsing fails
 * with a one-line {@link PluginParamException} on an unknown key, a key given twice (also through an alias),
 * a token without {@code =}, an empty or malformed value, a value containing the bpipe field separator
 * {@code :}, and on conflicting keys ({@code storage} or {@code new_vmid} with {@code destination},
 * {@code include_firewall=yes} with {@code include_config=no}, {@code quiesce=yes} with {@code backup_type=stop}).
 * {@code vm} is required.
 */
public final class PluginParams {
    private final Map<PluginParam, String> values;

    private PluginParams(Map<PluginParam, String> values) {
        this.values = values;
    }

    /** Parses whitespace-separated tokens, e.g. the plugin string after {@code bacula plugins}. */
    public static PluginParams parse(String text) {
        String t = text.strip();
        return parse(t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+")));
    }

    /** Parses {@code key=value} tokens, one per element (as a command line delivers them). */
    public static PluginParams parse(List<String> tokens) {
        PluginParams params = new PluginParams(Collections.unmodifiableMap(values(tokens, EnumSet.allOf(PluginParam.class),
                "plugin parameter")));
        params.checkConsistent();
        return params;
    }

    /**
     * Parses the restore keys ({@link PluginParam#RESTORE}) the bpipe writer gets: the defaults the generator baked
     * into its command line, or the options given in a restore's {@code where}. Same spelling rules and one-line
     * errors as {@link #parse(List)}; {@code what} names the source in messages (e.g. {@code restore option}).
     * Conflicts are checked once the sources are merged ({@link #overriddenBy}).
     */
    public static PluginParams parseRestore(List<String> tokens, String what) {
        return new PluginParams(Collections.unmodifiableMap(values(tokens, PluginParam.RESTORE, what)));
    }

    /** These restore options with every key of {@code overrides} replacing the same key here. */
    public PluginParams overriddenBy(PluginParams overrides, String what) {
        Map<PluginParam, String> merged = new EnumMap<>(PluginParam.class);
        merged.putAll(values);
        merged.putAll(overrides.values);
        PluginParams params = new PluginParams(Collections.unmodifiableMap(merged));
        params.checkRestore(what);
        return params;
    }

    private static Map<PluginParam, String> values(List<String> tokens, Set<PluginParam> allowed, String what) {
        Map<PluginParam, String> values = new EnumMap<>(PluginParam.class);
        Map<PluginParam, String> spelledAs = new EnumMap<>(PluginParam.class);
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new PluginParamException(what + " '" + token + "' is not key=value");
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            PluginParam param = PluginParam.forName(key).filter(allowed::contains).orElseThrow(() ->
                    new PluginParamException("unknown " + what + " '" + key + "' (known: " + knownKeys(allowed) + ")"));
            if (spelledAs.containsKey(param)) {
                throw new PluginParamException(what + " '" + param.key() + "' given twice (as '"
                        + spelledAs.get(param) + "' and '" + key + "')");
            }
            if (value.isEmpty()) {
                throw new PluginParamException(what + " '" + key + "' has an empty value");
            }
            if (value.indexOf(':') >= 0) {
                throw new PluginParamException(what + " '" + key + "' contains ':' (the bpipe field"
                        + " separator): '" + value + "'");
            }
            spelledAs.put(param, key);
            values.put(param, param.normalize(key, value));
        }
        return values;
    }

    private void checkRestore(String what) {
        if (values.containsKey(PluginParam.STORAGE) && values.containsKey(PluginParam.DESTINATION)) {
            throw new PluginParamException(what + "s 'storage' and 'destination' conflict: give one restore target");
        }
        if (values.containsKey(PluginParam.NEW_VMID) && values.containsKey(PluginParam.DESTINATION)) {
            throw new PluginParamException(what + "s 'new_vmid' and 'destination' conflict: restore into a new VM"
                    + " or into image files");
        }
        for (PluginParam p : List.of(PluginParam.NEW_VM_NAME, PluginParam.START_VM)) {
            if (values.containsKey(p) && !values.containsKey(PluginParam.NEW_VMID) && !"no".equals(values.get(p))) {
                throw new PluginParamException(what + " '" + p.key() + "' needs new_vmid");
            }
        }
    }

    private void checkConsistent() {
        if (!values.containsKey(PluginParam.VM)) {
            throw new PluginParamException("plugin parameter 'vm' is required (e.g. vm=101 or vm=*)");
        }
        checkRestore("plugin parameter");
        if (includeFirewall() && !includeConfig()) {
            throw new PluginParamException("plugin parameter 'include_firewall=yes' needs include_config=yes");
        }
        if (backupType() == BackupType.STOP && "yes".equals(values.get(PluginParam.QUIESCE))) {
            throw new PluginParamException("plugin parameters 'quiesce=yes' and 'backup_type=stop' conflict:"
                    + " a stopped VM has no file systems to freeze");
        }
    }

    private static String knownKeys(Set<PluginParam> allowed) {
        return allowed.stream().map(PluginParam::key).collect(Collectors.joining(", "));
    }

    /** The raw (normalised) value of a key, if given. */
    public Optional<String> get(PluginParam param) {
        return Optional.ofNullable(values.get(param));
    }

    /** Hypervisor host, if given. */
    public Optional<String> host() {
        return get(PluginParam.HOST);
    }

    /** The VM selection ({@code *}, VMID, name, wildcard or comma list). */
    public String vm() {
        return values.get(PluginParam.VM);
    }

    /** VMIDs to leave out; empty when not given. */
    public List<Integer> exclude() {
        List<Integer> ids = new ArrayList<>();
        get(PluginParam.EXCLUDE).ifPresent(v -> Arrays.stream(v.split(",")).map(Integer::valueOf).forEach(ids::add));
        return List.copyOf(ids);
    }

    /** How running VMs are held during the backup (default {@link BackupType#SNAPSHOT}). */
    public BackupType backupType() {
        return get(PluginParam.BACKUP_TYPE).map(BackupType::of).orElse(BackupType.SNAPSHOT);
    }

    /** Freeze guest file systems (default yes, always no for {@code backup_type=stop}). */
    public boolean quiesce() {
        return get(PluginParam.QUIESCE).map("yes"::equals).orElse(backupType() != BackupType.STOP);
    }

    /** Back up the VM config stream (default yes). */
    public boolean includeConfig() {
        return !"no".equals(values.get(PluginParam.INCLUDE_CONFIG));
    }

    /** Back up the VM firewall stream (default no). */
    public boolean includeFirewall() {
        return "yes".equals(values.get(PluginParam.INCLUDE_FIREWALL));
    }

    /** Default restore target storage, if given. */
    public Optional<String> storage() {
        return get(PluginParam.STORAGE);
    }

    /** Default restore target directory, if given. */
    public Optional<String> destination() {
        return get(PluginParam.DESTINATION);
    }

    /** Restore into a new VM with this VMID, if given. */
    public Optional<Integer> newVmid() {
        return get(PluginParam.NEW_VMID).map(Integer::valueOf);
    }

    /** The new VM's name, if given. */
    public Optional<String> newVmName() {
        return get(PluginParam.NEW_VM_NAME);
    }

    /** Replace an existing VM (default no). */
    public boolean overwriteVmid() {
        return "yes".equals(values.get(PluginParam.OVERWRITE_VMID));
    }

    /** Start the new VM after the restore (default no). */
    public boolean startVm() {
        return "yes".equals(values.get(PluginParam.START_VM));
    }

    /** The canonical tokens of the restore keys only, for the writer's command line. */
    public List<String> restoreTokens() {
        return values.entrySet().stream().filter(e -> PluginParam.RESTORE.contains(e.getKey()))
                .map(e -> e.getKey().key() + "=" + e.getValue()).toList();
    }

    /** Canonical tokens ({@code key=value}, canonical keys, declaration order), parseable again. */
    public List<String> tokens() {
        return values.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue()).toList();
    }

    @Override
    public String toString() {
        return String.join(" ", tokens());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginParams p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
