package io.vmferry.formats.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code qemu-img}/{@code qemu-io}, the test oracle. */
public final class Qemu {
    private Qemu() {
    }

    /** Result of a command. */
    public record Result(int exit, String output) {
    }

    /** One entry of {@code qemu-img map --output=json}. */
    public record MapEntry(long start, long length, boolean data, boolean zero) {
        public long end() {
            return start + length;
        }
    }

    /** Runs {@code args} in {@code dir} and returns exit code and merged output. */
    public static Result run(Path dir, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timeout: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Runs and requires exit 0. */
    public static String ok(Path dir, String... args) throws IOException {
        Result r = run(dir, args);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    public static String img(String... args) throws IOException {
        String[] all = new String[args.length + 1];
        all[0] = "qemu-img";
        System.arraycopy(args, 0, all, 1, args.length);
        return ok(null, all);
    }

    /** {@code qemu-io -f fmt -c cmd ... path}. */
    public static void io(Path path, String fmt, String... commands) throws IOException {
        List<String> args = new ArrayList<>(List.of("qemu-io", "-f", fmt));
        for (String c : commands) {
            args.add("-c");
            args.add(c);
        }
        args.add(path.toString());
        ok(null, args.toArray(String[]::new));
    }

    /** {@code qemu-img map --output=json}. */
    public static List<MapEntry> map(Path path, String fmt) throws IOException {
        String json = img("map", "--output=json", "-f", fmt, path.toString());
        Pattern p = Pattern.compile("\"start\": (\\d+), \"length\": (\\d+),.*?\"zero\": (true|false), \"data\": (true|false)");
        List<MapEntry> out = new ArrayList<>();
        Matcher m = p.matcher(json);
        while (m.find()) {
            out.add(new MapEntry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Boolean.parseBoolean(m.group(4)), Boolean.parseBoolean(m.group(3))));
        }
        return out;
    }

    /** {@code "format"} from {@code qemu-img info --output=json}. */
    public static String infoFormat(Path path) throws IOException {
        return field(img("info", "--output=json", path.toString()), "format");
    }

    /** {@code "virtual-size"} from {@code qemu-img info --output=json -f fmt}. */
    public static long virtualSize(Path path, String fmt) throws IOException {
        return Long.parseLong(field(img("info", "--output=json", "-f", fmt, path.toString()), "virtual-size"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"?([^\",\\n]+)\"?").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
