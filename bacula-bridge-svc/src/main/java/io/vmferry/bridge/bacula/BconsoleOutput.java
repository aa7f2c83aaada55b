package io.vmferry.bridge.bacula;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for what bconsole 9.6 prints; pure functions over the captured output. */
final class BconsoleOutput {
    private static final Pattern QUEUED = Pattern.compile("Job queued\\. JobId=(\\d+)");
    private static final Pattern LLIST = Pattern.compile("^\\s*([A-Za-z]+): ?(.*)$");
    private static final List<String> NOISE = List.of("Connecting to Director", "1000 OK", "Enter a period",
            "You have messages.", "Using Catalog", "Automatically selected Catalog");

    private BconsoleOutput() {
    }

    /** The JobId of {@code Job queued. JobId=N}, if the output has one. */
    static OptionalLong queuedJobId(String out) {
        Matcher m = QUEUED.matcher(out);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The {@code key: value} blocks of an {@code llist}, keys lower-cased, one map per record. */
    static List<Map<String, String>> llistAll(String out) {
        List<Map<String, String>> records = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = LLIST.matcher(line);
            if (m.matches()) {
                String key = m.group(1).toLowerCase(Locale.ROOT);
                if (fields.containsKey(key)) {
                    records.add(fields);
                    fields = new LinkedHashMap<>();
                }
                fields.put(key, m.group(2).strip());
            } else if (line.isBlank() && !fields.isEmpty()) {
                records.add(fields);
                fields = new LinkedHashMap<>();
            }
        }
        if (!fields.isEmpty()) {
            records.add(fields);
        }
        return records;
    }

    /** A {@link JobStatus} from an {@code llist jobid=N} block. */
    static JobStatus jobStatus(long jobId, String out) {
        List<Map<String, String>> records = llistAll(out);
        if (records.isEmpty() || !records.get(0).containsKey("jobstatus")) {
            throw new BconsoleException("no catalog record for job " + jobId + ": " + problem(out, "llist"));
        }
        return jobStatus(records.get(0));
    }

    /** A {@link JobStatus} from one {@code llist} record. */
    static JobStatus jobStatus(Map<String, String> f) {
        return new JobStatus(number(f, "jobid"), f.getOrDefault("name", ""), first(f, "type"), first(f, "level"),
                first(f, "jobstatus"), number(f, "joberrors"), number(f, "jobbytes"), number(f, "jobfiles"));
    }

    /** The messages of {@code llist joblog jobid=N}: one entry per message, multi-line ones joined by newlines. */
    static List<String> jobLog(String out) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String line : out.lines().toList()) {
            int at = line.indexOf("LogText: ");
            if (current == null && at >= 0 && line.substring(0, at).isBlank()) {
                current = new StringBuilder(line.substring(at + "LogText: ".length()));
            } else if (current != null && line.equals("\\")) {
                messages.add(current.toString().strip());
                current = null;
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            messages.add(current.toString().strip());
        }
        return messages;
    }

    /** Tab-separated rows with at least {@code columns} fields (bvfs output); other lines are skipped. */
    static List<String[]> rows(String out, int columns) {
        List<String[]> rows = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] cols = line.split("\t", -1);
            if (cols.length >= columns && cols[0].matches("\\d+")) {
                rows.add(cols);
            }
        }
        return rows;
    }

    /** The first line after the echoed command that is not banner noise: the Director's complaint. */
    static String problem(String out, String command) {
        List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(command)) {
                start = i + 1;
                break;
            }
        }
        for (String line : lines.subList(Math.min(start, lines.size()), lines.size())) {
            if (NOISE.stream().noneMatch(line::startsWith)) {
                return line;
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    private static long number(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "0").replace(",", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BconsoleException("bad " + key + " '" + v + "' in bconsole output");
        }
    }

    private static char first(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isEmpty() ? ' ' : v.charAt(0);
    }
}
