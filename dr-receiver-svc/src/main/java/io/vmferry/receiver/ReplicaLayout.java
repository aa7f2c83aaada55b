package io.vmferry.receiver;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where replicas live under the root:
 * <pre>
 * &lt;root&gt;/&lt;host&gt;/&lt;vmid&gt;/state.json       replica state of every disk of the VM
 * &lt;root&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;disk&gt;.raw       the replica (sparse raw)
 * &lt;root&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;disk&gt;.raw.part  the next replica while a stream is applied
 * </pre>
 * Host, VM id and disk come from the peer's stream header, so each must be a plain name
 * (letters, digits, {@code . _ -}, not starting with a dot): nothing can point outside the root.
 */
public record ReplicaLayout(Path root) {
    /** Name of the per-VM state file. */
    public static final String STATE_FILE = "state.json";
    /** Suffix of a replica being built. */
    public static final String PART_SUFFIX = ".part";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /** The directory of {@code vmKey} ({@code host/vmid}). */
    public Path vmDir(String vmKey) {
        int slash = vmKey.indexOf('/');
        if (slash < 0) {
            throw new ReplicaException("VM key '" + vmKey + "' is not host/vmid");
        }
        return root.resolve(checked("host", vmKey.substring(0, slash)))
                .resolve(checked("VM id", vmKey.substring(slash + 1)));
    }

    /** The replica file of {@code disk}. */
    public Path replica(String vmKey, String disk) {
        return vmDir(vmKey).resolve(checked("disk", disk) + ".raw");
    }

    /** The file a stream for {@code disk} is applied to before it replaces the replica. */
    public Path part(String vmKey, String disk) {
        return vmDir(vmKey).resolve(checked("disk", disk) + ".raw" + PART_SUFFIX);
    }

    /** The state file of {@code vmKey}. */
    public Path state(String vmKey) {
        return vmDir(vmKey).resolve(STATE_FILE);
    }

    private static String checked(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ReplicaException(what + " '" + name + "' is not a plain name (letters, digits, . _ -)");
        }
        return name;
    }
}
