package io.vmferry.formats.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed VMware {@code .vmx}: {@code key = "value"} lines (keys case-insensitive, {@code |XX}
 * hex escapes in values, {@code #} comments). Tracks which keys the translation consumed so that
 * every other setting can be reported instead of silently dropped.
 */
final class VmxFile {
    static final int MAX_CHARS = 1 << 20;
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_.:\\-]+)\\s*=\\s*(\"(.*)\"|([^\"]*))");

    record Entry(String key, String value, int line) {
    }

    private final String name;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> consumed = new LinkedHashSet<>();

    private VmxFile(String name) {
        this.name = name;
    }

    static VmxFile parse(String name, String text) throws ConfigException {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException(name + ": .vmx of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
        VmxFile f = new VmxFile(name);
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new ConfigException(name + ": line " + lineNo + " is not key = \"value\"");
            }
            String value = m.group(3) != null ? unescape(m.group(3)) : m.group(4).strip();
            f.entries.put(m.group(1).toLowerCase(Locale.ROOT), new Entry(m.group(1), value, lineNo));
        }
        return f;
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '|' && i + 3 <= v.length() && v.substring(i + 1, i + 3).matches("[0-9A-Fa-f]{2}")) {
                b.append((char) Integer.parseInt(v.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    String name() {
        return name;
    }

    /** The value of {@code key} (case-insensitive), marking it consumed; null when absent. */
    String get(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        Entry e = entries.get(k);
        if (e != null) {
            consumed.add(k);
        }
        return e == null ? null : e.value();
    }

    /** The value of {@code key} without marking it consumed. */
    String peek(String key) {
        Entry e = entries.get(key.toLowerCase(Locale.ROOT));
        return e == null ? null : e.value();
    }

    String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    boolean isTrue(String key) {
        return "true".equalsIgnoreCase(get(key));
    }

    /** Marks {@code key} as handled without using it. */
    void consume(String key) {
        get(key);
    }

    /** Lower-case keys in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** Entries not consumed, in file order. */
    List<Entry> unconsumed() {
        return entries.entrySet().stream().filter(e -> !consumed.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /** Integer value of {@code key}, or {@code fallback}; a non-number is an error. */
    long number(String key, long fallback) throws ConfigException {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": " + key + " = \"" + v + "\" is not a number");
        }
    }
}
