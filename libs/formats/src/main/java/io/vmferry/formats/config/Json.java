package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON reader and writer for VM descriptions (the module has no JSON dependency). Values
 * are {@code Map<String,Object>} (insertion-ordered), {@code List<Object>}, {@code String},
 * {@code Long}/{@code Double}, {@code Boolean} and {@code null}. Input size and nesting are bounded.
 */
final class Json {
    static final int MAX_DEPTH = 32;
    static final int MAX_CHARS = 4 << 20;

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON document; any syntax error is a {@link ConfigException} with the offset. */
    static Object parse(String text) throws ConfigException {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException("JSON of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
        Json p = new Json(text);
        p.skipWs();
        if (p.pos < text.length() && text.charAt(p.pos) == '\ufeff') {
            p.pos++;
        }
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value(int depth) throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipWs();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipWs();
                if (peek('}')) {
                    return m;
                }
                do {
                    skipWs();
                    String key = string();
                    skipWs();
                    expect(':');
                    m.put(key, value(depth + 1));
                    skipWs();
                } while (peek(','));
                expect('}');
                return m;
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                skipWs();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value(depth + 1));
                    skipWs();
                } while (peek(','));
                expect(']');
                return l;
            }
            case '"' -> {
                return string();
            }
            default -> {
                return literal();
            }
        }
    }

    private Object literal() throws ConfigException {
        int start = pos;
        while (pos < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        String word = s.substring(start, pos);
        switch (word) {
            case "true" -> { return Boolean.TRUE; }
            case "false" -> { return Boolean.FALSE; }
            case "null" -> { return null; }
            default -> {
                try {
                    if (word.matches("-?\\d{1,18}")) {
                        return Long.parseLong(word);
                    }
                    if (word.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                        return Double.parseDouble(word);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error
                }
                pos = start;
                throw error("unexpected token");
            }
        }
    }

    private String string() throws ConfigException {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private boolean peek(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws ConfigException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private ConfigException error(String what) {
        return new ConfigException("invalid JSON at offset " + pos + ": " + what);
    }

    /** Writes {@code value} indented by two spaces per level, as PowerShell 7's ConvertTo-Json does. */
    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0);
        return b.append('\n').toString();
    }

    private static void write(StringBuilder b, Object v, int indent) {
        if (v instanceof Map<?, ?> m) {
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                quote(b, e.getKey().toString());
                b.append(": ");
                write(b, e.getValue(), indent + 1);
            }
            b.append(m.isEmpty() ? "}" : "\n" + "  ".repeat(indent) + "}");
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                write(b, l.get(i), indent + 1);
            }
            b.append(l.isEmpty() ? "]" : "\n" + "  ".repeat(indent) + "]");
        } else if (v instanceof String str) {
            quote(b, str);
        } else {
            b.append(v);
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
