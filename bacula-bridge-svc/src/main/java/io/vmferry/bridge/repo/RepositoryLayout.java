package io.vmferry.bridge.repo;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where things live in a repository (see the package comment). Every name that becomes a path
 * component is checked first, so a hostile VM key, point id or disk name never leaves the repository.
 */
public final class RepositoryLayout {
    /** The index of every committed point. */
    public static final String INDEX_FILE = "index.json";
    /** The lock file serialising index writers. */
    public static final String LOCK_FILE = ".lock";
    /** The point description inside a point directory. */
    public static final String POINT_FILE = "point.json";
    /** The VM config text inside a point directory. */
    public static final String CONFIG_FILE = "vm.conf";
    /** Inside a point directory being received: the receiving process ({@code OwnerMark}); removed at commit. */
    public static final String RECEIVER_FILE = ".receiver";
    /** Extension of stream files. */
    public static final String STREAM_EXTENSION = ".vfs";
    /** The last read-back check of a point ({@link Verification}). */
    public static final String VERIFIED_FILE = "verified.json";
    /** Marks a point directory being pruned (see {@link LocalRepository#remove}). */
    public static final String PRUNED_FILE = ".pruned";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,127}");

    private final Path root;

    /** The layout of the repository at {@code root}. */
    public RepositoryLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The repository directory. */
    public Path root() {
        return root;
    }

    /** {@code <repo>/index.json}. */
    public Path index() {
        return root.resolve(INDEX_FILE);
    }

    /** {@code <repo>/.lock}. */
    public Path lock() {
        return root.resolve(LOCK_FILE);
    }

    /** {@code <repo>/<host>/<vmid>}. */
    public Path vmDir(String vmKey) {
        requireVmKey(vmKey);
        int slash = vmKey.indexOf('/');
        return root.resolve(vmKey.substring(0, slash)).resolve(vmKey.substring(slash + 1));
    }

    /** {@code <repo>/<host>/<vmid>/<pointId>}. */
    public Path pointDir(String vmKey, String pointId) {
        requireName("point id", pointId);
        return vmDir(vmKey).resolve(pointId);
    }

    /** {@code <pointDir>/<disk>.vfs}. */
    public Path streamFile(String vmKey, String pointId, String disk) {
        requireName("disk name", disk);
        return pointDir(vmKey, pointId).resolve(disk + STREAM_EXTENSION);
    }

    /** {@code <pointId>/<disk>.vfs}, how errors name a stream. */
    public static String streamName(String pointId, String disk) {
        return pointId + "/" + disk + STREAM_EXTENSION;
    }

    /** Rejects names that are not safe single path components. */
    public static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a valid name (letters, digits, ._:+-)");
        }
    }

    /** Rejects anything but {@code host/vmid} made of two valid names. */
    public static void requireVmKey(String vmKey) {
        int slash = vmKey == null ? -1 : vmKey.indexOf('/');
        if (slash <= 0 || vmKey.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("VM key '" + vmKey + "' is not host/vmid");
        }
        requireName("host", vmKey.substring(0, slash));
        requireName("vmid", vmKey.substring(slash + 1));
    }
}
