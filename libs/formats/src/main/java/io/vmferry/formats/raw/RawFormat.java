package io.vmferry.formats.raw;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.FormatProbe;
import io.vmferry.formats.api.ImageFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The raw format: the file is the disk. Detection falls back to it when nothing else matches. */
public final class RawFormat implements ImageFormat {
    public static final String NAME = "raw";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int probe(FormatProbe probe) {
        return FALLBACK;
    }

    @Override
    public BlockReader open(Path path, BackingChain chain) throws IOException {
        return RawReader.open(path);
    }

    @Override
    public boolean canCreate() {
        return true;
    }

    /** No options are accepted. */
    @Override
    public BlockWriter create(Path path, long size, Map<String, String> options) throws IOException {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("raw takes no options: " + options.keySet());
        }
        return RawWriter.create(path, size);
    }
}
