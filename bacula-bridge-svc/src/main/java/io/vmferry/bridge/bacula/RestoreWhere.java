package io.vmferry.bridge.bacula;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the bpipe writer makes of bpipe's {@code %w} plus the defaults baked into its command line. bpipe passes a
 * restore nothing but {@code %w} (the {@code where}) and {@code %r}, and ignores {@code regexwhere} and plugin
 * options, so vmferry's restore-time options travel inside {@code where}, after the directory and separated by
 * spaces (bconsole: {@code where="/var/tmp/r new_vmid=9602 start_vm=yes"}):
 * <ul>
 * <li>{@code where} empty or {@code /}: the original location, no options;</li>
 * <li>the first token without {@code =}: the staging directory (absolute; {@code /} again means the original
 *     location), then options;</li>
 * <li>only options ({@code where="overwrite_vmid=yes"}): the original location with options.</li>
 * </ul>
 * Options are the restore keys of {@link PluginParam#RESTORE} with the plugin string's spellings and one-line
 * errors; an option in {@code where} replaces the same key baked into the writer command by the generator.
 *
 * @param directory the staging directory, empty for the original location
 * @param options   the merged restore options
 */
public record RestoreWhere(Optional<String> directory, PluginParams options) {

    /** Parses {@code %w} as bpipe substituted it and the writer's trailing {@code key=value} defaults. */
    public static RestoreWhere parse(String where, List<String> defaults) {
        PluginParams baked = PluginParams.parseRestore(defaults, "writer option");
        String w = where.strip();
        List<String> tokens = w.isEmpty() ? List.of() : Arrays.asList(w.split("\\s+"));
        Optional<String> dir = Optional.empty();
        if (!tokens.isEmpty() && tokens.get(0).indexOf('=') < 0) {
            String d = tokens.get(0);
            if (!d.startsWith("/") || d.contains("..")) {
                throw new PluginParamException("restore where '" + d + "' is not an absolute directory");
            }
            dir = d.equals("/") ? Optional.empty() : Optional.of(d);
            tokens = tokens.subList(1, tokens.size());
        }
        PluginParams given = PluginParams.parseRestore(tokens, "restore option");
        PluginParams options = baked.overriddenBy(given, "restore option");
        if (dir.isEmpty() && options.newVmid().isPresent()) {
            throw new PluginParamException("restore option 'new_vmid' needs a staging directory first in where"
                    + " (where=\"/var/tmp/r new_vmid=" + options.newVmid().get() + "\")");
        }
        if (dir.isEmpty() && options.destination().isPresent()) {
            throw new PluginParamException("restore option 'destination' needs a staging directory first in where"
                    + " (where=\"/var/tmp/r destination=" + options.destination().get() + "\"); an empty where"
                    + " restores into the VM itself");
        }
        return new RestoreWhere(dir, options);
    }

    /** True when the streams go back to the VM they came from (no directory in {@code where}). */
    public boolean originalLocation() {
        return directory.isEmpty();
    }
}
