package io.vmferry.cli.bacula;

import io.vmferry.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code key=value} arguments of the commands bpipe and Bacula run (no {@code --options} there). */
record KeyValues(String command, Map<String, String> values) {

    static KeyValues parse(String command, List<String> args, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = eq > 0 ? a.substring(0, eq) : a;
            if (eq <= 0 || !allowed.contains(key)) {
                throw new UsageException("bacula " + command + ": bad argument '" + a + "' (expected key=value with"
                        + " a key of " + allowed + ")");
            }
            if (values.put(key, a.substring(eq + 1)) != null) {
                throw new UsageException("bacula " + command + ": '" + key + "' given twice");
            }
        }
        return new KeyValues(command, values);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String require(String key) {
        return get(key).orElseThrow(() -> new UsageException("bacula " + command + ": " + key + "= is required"));
    }

    long number(String key) {
        String v = require(key);
        if (!v.matches("\\d{1,18}")) {
            throw new UsageException("bacula " + command + ": " + key + "= must be a number, not '" + v + "'");
        }
        return Long.parseLong(v);
    }

    boolean yes(String key, boolean dflt) {
        return get(key).map(v -> v.equals("yes") || v.equals("true") || v.equals("1")).orElse(dflt);
    }
}
