package io.vmferry.bus.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads the YAML configuration strictly: unknown keys and bad values are one-line errors with the line. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /** Loads {@code file}, or the defaults when {@code file} is null. */
    public static VmferryConfig load(Path file) {
        if (file == null) {
            return VmferryConfig.defaults();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses YAML text; {@code name} prefixes error messages. */
    public static VmferryConfig parse(String name, String text) {
        if (text.isBlank()) {
            return VmferryConfig.defaults();
        }
        try {
            VmferryConfig cfg = YAML.readValue(text, VmferryConfig.class);
            return cfg == null ? VmferryConfig.defaults() : cfg;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(name + ":" + keyLine(text, e.getPropertyName(), e.getLocation())
                    + ": unknown key '" + path(e) + "'");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw new ConfigException(name + ":" + line(e.getLocation()) + ": " + ce.getMessage());
            }
            throw new ConfigException(name + ":" + line(e.getLocation()) + ": bad value for '" + path(e) + "': "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? line(jpe.getLocation()) : "?";
            throw new ConfigException(name + ":" + where + ": not valid YAML: "
                    + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe2
                            ? jpe2.getOriginalMessage() : e.getMessage()));
        }
    }

    /** The line where {@code key} is written (Jackson reports where parsing stopped, often a line later). */
    private static String keyLine(String text, String key, JsonLocation fallback) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[{,\\s])" + java.util.regex.Pattern.quote(key)
                + "\\s*:");
        String[] lines = text.split("\n", -1);
        int stop = fallback == null || fallback.getLineNr() < 1 ? lines.length : Math.min(lines.length, fallback.getLineNr());
        for (int i = stop - 1; i >= 0; i--) {
            if (p.matcher(lines[i]).find()) {
                return Integer.toString(i + 1);
            }
        }
        return line(fallback);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String line(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "?" : Integer.toString(loc.getLineNr());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).replaceAll(" \\(class [^)]*\\)", "");
    }
}
