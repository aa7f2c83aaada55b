package io.vmferry.formats.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Opening an image writer's target: the one place that truncates it and closes it again when the writer fails. */
public final class ImageTargets {
    private ImageTargets() {
    }

    /** Builds a writer from an open file. */
    @FunctionalInterface
    public interface WriterFactory<T> {
        T create(RandomAccessFile file) throws IOException;
    }

    /**
     * Opens {@code path} for writing, truncated to {@code length} bytes (sparse), and hands it to {@code factory};
     * if the factory fails, the file is closed before the failure propagates.
     */
    public static <T> T open(Path path, long length, WriterFactory<T> factory) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        try {
            raf.setLength(0);
            raf.setLength(length);
            return factory.create(raf);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }
}
