package io.vmferry.bridge.repo;

import java.nio.file.Path;
import java.util.List;

/**
 * A second process for {@link PointLocksTest}: {@code read|remove REPO VM POINT} holds the point as a reader (as a
 * restore does) or for removal (as a prune does), prints {@code held}, and lets go when its stdin closes.
 */
public final class HoldPointMain {
    private HoldPointMain() {
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
