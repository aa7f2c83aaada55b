package io.vmferry.bridge.repo;

import java.nio.file.Path;

/**
 * One stream of a restore chain: the point as its {@code point.json} describes it, the disk entry
 * and the stream file.
 */
record ChainLink(Point point, PointDisk disk, Path file) {

    /** {@code <pointId>/<disk>.vfs}, how errors name the stream. */
    String name() {
        return RepositoryLayout.streamName(point.id(), disk.name());
    }
}
