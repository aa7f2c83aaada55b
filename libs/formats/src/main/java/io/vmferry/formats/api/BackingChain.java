package io.vmferry.formats.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images opened so far along one backing chain, top first. Guards chain opening against loops
 * (an image that is its own ancestor) and against absurd depth.
 */
public final class BackingChain {
    /** Deepest chain accepted, top image included. */
    public static final int MAX_DEPTH = 64;

    private final List<Path> images;

    private BackingChain(List<Path> images) {
        this.images = images;
    }

    /** An empty chain, for opening a top-level image. */
    public static BackingChain root() {
        return new BackingChain(List.of());
    }

    /** Number of images in the chain so far. */
    public int depth() {
        return images.size();
    }

    /** The chain extended by {@code image}; fails on a loop or past {@link #MAX_DEPTH}. */
    public BackingChain descend(Path image) throws IOException {
        Path real = image.toRealPath();
        if (images.contains(real)) {
            throw new FormatException(images.get(0) + ": backing chain loop: " + describe(real));
        }
        if (images.size() >= MAX_DEPTH) {
            throw new FormatException(images.get(0) + ": backing chain deeper than " + MAX_DEPTH
                    + " images (stopped at " + real.getFileName() + ")");
        }
        List<Path> next = new ArrayList<>(images);
        next.add(real);
        return new BackingChain(List.copyOf(next));
    }

    private String describe(Path repeated) {
        StringBuilder sb = new StringBuilder();
        for (Path p : images) {
            sb.append(p.getFileName()).append(" -> ");
        }
        return sb.append(repeated.getFileName()).toString();
    }
}
