package io.vmferry.bridge.repo;

import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Chain links for loose stream files (not in a repository): each described by its own header and trailer. */
final class StreamChains {
    private StreamChains() {
    }

    /**
     * Describes a stream file as a one-disk point named by the header's job id, from its header and the trailer its
     * last frame records. Not read in full here: the restore's one pass verifies every frame and the trailer
     * ({@link ChainCursor}), and a failure then leaves no output.
     */
    static ChainLink link(Path file) throws IOException {
        StreamHeader h;
        try (StreamFileReader r = StreamFileReader.open(file)) {
            h = r.header();
        }
        StreamTrailer t = StreamFileReader.recordedTrailer(file);
        String format = "raw";
        Point p = new Point(h.jobId(), h.vmKey(), null, h.createdAt(), h.level().label(), null, h.parentPointId(),
                null, h.jobId(), List.of(), List.of(new PointDisk(h.diskName(), h.virtualSize(), Files.size(file),
                t.counts().dataBytes(), t.sha256(), format)));
        return new ChainLink(p, p.disks().get(0), file);
    }

    /** Each link must build on the next (same VM and disk), and the last must be a full. */
    static void checkLinked(List<ChainLink> links) {
        for (int i = 0; i < links.size(); i++) {
            ChainLink l = links.get(i);
            ChainLink first = links.get(0);
            if (!l.point().vm().equals(first.point().vm()) || !l.disk().name().equals(first.disk().name())) {
                throw new RepositoryException("stream " + l.file().getFileName() + " holds disk " + l.disk().name()
                        + " of " + l.point().vm() + ", not " + first.disk().name() + " of " + first.point().vm());
            }
            String parent = l.point().parent();
            if (i == links.size() - 1) {
                if (parent != null) {
                    throw new RepositoryException("chain link missing: " + l.point().id() + " builds on " + parent
                            + ", which is not in the chain");
                }
            } else if (!Objects.equals(parent, links.get(i + 1).point().id())) {
                throw new RepositoryException("chain link missing: " + l.point().id() + " builds on "
                        + (parent == null ? "nothing (it is a full)" : parent) + ", the next stream is "
                        + links.get(i + 1).point().id());
            }
        }
    }
}
