package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.CatalogPath;
import io.vmferry.bridge.bacula.StreamKind;
import io.vmferry.stream.api.StreamFileReader;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry bacula write WHERE REPLACE CATALOG-PATH [storage=S|destination=D]}: the bpipe writer. Stores the
 * stream Bacula delivers on stdin as {@code WHERE/CATALOG-PATH} after verifying it (every frame CRC, the trailer's
 * SHA-256, header against the path), so a restore of a chain leaves every link under {@code WHERE}; then
 * {@code vmferry bacula restore} (or {@code assemble}) rebuilds the disk. An empty {@code WHERE} (the original
 * location) is refused; {@code REPLACE} {@code n} keeps an existing file.
 */
@Command(name = "write", description = "bpipe writer: store and verify one restored stream under WHERE.")
final class WriteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHERE")
    String where;

    @Parameters(index = "1", paramLabel = "REPLACE")
    String replace;

    @Parameters(index = "2", paramLabel = "CATALOG-PATH")
    String catalogPath;

    @Parameters(index = "3..*", paramLabel = "TARGET")
    List<String> target = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        CatalogPath path = CatalogPath.parse(catalogPath);
        if (where.isEmpty() || where.equals("/")) {
            drain(System.in);
            System.err.println("vmferry: " + path + ": restoring to the original location is not supported;"
                    + " give where=DIR");
            return 1;
        }
        Path file = Path.of(where).resolve(catalogPath.substring(1));
        if (replace.equals("n") && Files.exists(file)) {
            drain(System.in);
            System.err.println("vmferry: " + file + " exists, kept (replace=never)");
            return 0;
        }
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part-" + ThreadLocalRandom.current().nextInt(1 << 30));
        try {
            long bytes;
            try (InputStream in = System.in) {
                bytes = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            String what = bytes + " bytes";
            if (path.kind() == StreamKind.DISK) {
                what = verify(part, path);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("vmferry: restored " + path + " (" + what + ")");
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("vmferry: " + path + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return 1;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String verify(Path file, CatalogPath path) throws IOException {
        StreamHeader h;
        try (StreamFileReader r = StreamFileReader.open(file)) {
            h = r.header();
        }
        if (!h.vmKey().equals(path.disk().vmKey()) || !h.diskName().equals(path.disk().disk())) {
            throw new IOException("the stream holds disk " + h.diskName() + " of " + h.vmKey());
        }
        StreamTrailer t = StreamFileReader.verify(file);
        return h.level().label() + " stream of " + h.jobId() + ", " + Files.size(file) + " bytes, sha256 " + t.sha256();
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }
}
