package io.vmferry.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Small file helpers of the CLI tests (images come from {@link io.vmferry.testkit.images.TestImages}). */
final class ImageFixtures {
    private ImageFixtures() {
    }

    /** Names of the files in {@code dir}, hidden temporary ones included. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Overwrites bytes of {@code file} at {@code offset}. */
    static void poke(Path file, long offset, byte... bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }
}
