package io.vmferry.formats.raw;

import io.vmferry.formats.internal.ImageFile;
import io.vmferry.formats.internal.MappedReader;
import io.vmferry.formats.internal.Run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a raw image. Java has no {@code SEEK_HOLE}, so {@link #canExtents()} is false and the whole
 * disk is reported as data; {@link io.vmferry.formats.api.Copier} finds the zeros.
 */
public final class RawReader extends MappedReader {

    private RawReader(ImageFile file) {
        super(file, file.size());
    }

    /** Opens {@code path}; the disk size is the file size. */
    public static RawReader open(Path path) throws IOException {
        return new RawReader(ImageFile.open(path));
    }

    @Override
    public String format() {
        return RawFormat.NAME;
    }

    @Override
    public boolean canExtents() {
        return false;
    }

    @Override
    protected Run map(long offset, long maxLength) {
        return Run.data(maxLength, offset);
    }
}
