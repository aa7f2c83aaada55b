package io.vmferry.bridge.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vmferry.bus.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The content of {@code index.json}: a format version and every committed point, ordered by VM,
 * time and id. Rewritten as a whole, atomically, under the repository lock.
 *
 * @param version index format version ({@value #VERSION})
 * @param points  the points
 */
record RepositoryIndex(int version, List<Point> points) {
    static final int VERSION = 1;
    static final Comparator<Point> ORDER = Comparator.comparing(Point::vm).thenComparing(Point::time)
            .thenComparing(Point::id);

    RepositoryIndex {
        points = points == null ? List.of() : points.stream().sorted(ORDER).toList();
    }

    /** Reads the index; a missing file is an empty repository. */
    static RepositoryIndex read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new RepositoryIndex(VERSION, List.of());
        } catch (IOException e) {
            throw new RepositoryException("cannot read " + file + ": " + e.getMessage(), e);
        }
        RepositoryIndex index;
        try {
            index = Json.MAPPER.readValue(bytes, RepositoryIndex.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new RepositoryException(file + " is not a valid repository index: " + Json.firstLine(message(e)), e);
        }
        if (index.version() > VERSION) {
            throw new RepositoryException(file + " has index version " + index.version() + ", newer than " + VERSION);
        }
        return index;
    }

    /** This index with {@code point} added. */
    RepositoryIndex plus(Point point) {
        List<Point> all = new ArrayList<>(points);
        all.add(point);
        return new RepositoryIndex(VERSION, all);
    }

    /** Writes this index over {@code file} atomically. */
    void write(Path file) throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
