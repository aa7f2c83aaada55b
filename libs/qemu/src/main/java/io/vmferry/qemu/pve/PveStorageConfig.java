package io.vmferry.qemu.pve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxmox {@code storage.cfg}: storages as {@code <type>: <id>} followed by indented properties.
 * Volumes of {@code dir} storages resolve to {@code <path>/images/<vmid>/<file>}; absolute paths
 * resolve to themselves.
 */
public final class PveStorageConfig {
    private static final Pattern HEAD = Pattern.compile("([a-z]+):\\s*([A-Za-z][A-Za-z0-9\\-_.]*)\\s*");
    private static final Pattern VOLUME = Pattern.compile("([A-Za-z][A-Za-z0-9\\-_.]*):(?:(\\d+)/)?([^/]+)");

    /** One storage definition. */
    public record Storage(String type, String id, Map<String, String> properties) {
    }

    private final String origin;
    private final Map<String, Storage> storages;

    private PveStorageConfig(String origin, Map<String, Storage> storages) {
        this.origin = origin;
        this.storages = storages;
    }

    public static PveStorageConfig read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            return new PveStorageConfig(file.toString(), Map.of());
        } catch (IOException e) {
            throw new PveConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static PveStorageConfig parse(String origin, String text) {
        Map<String, Storage> storages = new LinkedHashMap<>();
        Storage cur = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = origin + ":" + (i + 1) + ": ";
            if (!Character.isWhitespace(raw.charAt(0))) {
                Matcher m = HEAD.matcher(line);
                if (!m.matches()) {
                    throw new PveConfigException(where + "expected '<type>: <storage id>', got '" + line + "'");
                }
                cur = new Storage(m.group(1), m.group(2), new LinkedHashMap<>());
                if (storages.put(cur.id(), cur) != null) {
                    throw new PveConfigException(where + "storage '" + cur.id() + "' defined twice");
                }
            } else {
                if (cur == null) {
                    throw new PveConfigException(where + "property outside a storage definition");
                }
                int sp = line.indexOf(' ');
                String key = sp < 0 ? line : line.substring(0, sp);
                cur.properties().put(key, sp < 0 ? "" : line.substring(sp + 1).strip());
            }
        }
        storages.replaceAll((k, s) -> new Storage(s.type(), s.id(), Map.copyOf(s.properties())));
        return new PveStorageConfig(origin, Map.copyOf(storages));
    }

    public Storage storage(String id) {
        return storages.get(id);
    }

    /** The file behind {@code volume} of VM {@code vmid}; an error names the volume and why. */
    public Path resolve(String volume, int vmid) {
        if (volume.startsWith("/")) {
            return Path.of(volume);
        }
        Matcher m = VOLUME.matcher(volume);
        if (!m.matches()) {
            throw new PveConfigException("volume '" + volume + "' is not '<storage>:<vmid>/<file>' or an absolute path");
        }
        Storage s = storages.get(m.group(1));
        if (s == null) {
            throw new PveConfigException("volume '" + volume + "': storage '" + m.group(1) + "' is not in " + origin);
        }
        if (!s.type().equals("dir")) {
            throw new PveConfigException("volume '" + volume + "': storage '" + s.id() + "' has type '" + s.type()
                    + "', only 'dir' storages are supported");
        }
        String path = s.properties().get("path");
        if (path == null || path.isEmpty()) {
            throw new PveConfigException("volume '" + volume + "': storage '" + s.id() + "' has no path");
        }
        String owner = m.group(2) != null ? m.group(2) : Integer.toString(vmid);
        return Path.of(path, "images", owner, m.group(3));
    }
}
