package io.vmferry.infra;

import io.vmferry.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI in-process and captures its exit code, stdout and stderr (stderr is also passed
 * through, so service logs stay visible). Not reentrant: System.out/err are swapped for the call.
 */
public record CliRun(int code, String out, String err) {

    public static synchronized CliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    err.write(b);
                    oldErr.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    err.write(b, off, len);
                    oldErr.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** The stderr line starting with {@code vmferry:} (the one-line error), or null. */
    public String errorLine() {
        return err.lines().filter(l -> l.startsWith("vmferry: ")).findFirst().orElse(null);
    }
}
