package io.vmferry.bus.service;

import io.vmferry.bus.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Small JSON files that mark work in progress (with an {@link OwnerMark}): written atomically, read back typed. */
public final class MarkFiles {
    private MarkFiles() {
    }

    /** Writes {@code value} as JSON to {@code file} under a temp name, then renames it over the file. */
    public static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(value));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Writes {@code value} to {@code file} only if no file is there: the complete file appears at once (a hard link
     * to a written temp file), and of two processes creating it at the same time exactly one succeeds. Returns
     * whether this call created it.
     */
    public static boolean create(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".new-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId());
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(value));
        try {
            Files.createLink(file, tmp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The mark in {@code file}, if the file exists; one that cannot be read is an error naming the file. */
    public static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new IOException(file + " cannot be read as " + type.getSimpleName() + ": " + Json.firstLine(e.getMessage()),
                    e);
        }
    }
}
