package io.vmferry.bridge.repo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process for {@link PointLocksTest}: {@code read|remove REPO VM POINT} holds the point as a reader (as a
 * restore does) or for removal (as a prune does), prints {@code held}, and lets go when its stdin closes.
 */
public final class HoldPointMain {
    private HoldPointMain() {
    }

    /** Starts the process on the repository at {@code root} and returns once it holds the point. */
    public static Process start(Path root, String mode, String vm, String point) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldPointMain.class.getName(), mode, root.toString(), vm,
                point).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"held".equals(line)) {
            p.destroy();
            throw new IllegalStateException("the holding process said " + line);
        }
        return p;
    }

    /** Lets a started process release its point and end; throws unless it ended well. */
    public static void letGo(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new IllegalStateException("the holding process did not end well");
        }
    }

    public static void main(String[] args) throws Exception {
        LocalRepository repo = LocalRepository.open(Path.of(args[1]));
        Point point = repo.point(args[2], args[3]);
        AutoCloseable release;
        if (args[0].equals("read")) {
            release = repo.hold(List.of(point));
        } else {
            PointLocks locks = PointLocks.of(repo.layout());
            if (!locks.tryRemove(point)) {
                throw new IllegalStateException("busy");
            }
            release = () -> locks.endRemove(point);
        }
        System.out.println("held");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        release.close();
    }
}
