package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.FormatProbe;
import io.vmferry.formats.api.ImageFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** VHDX: detected by the {@code vhdxfile} identifier; read by {@link VhdxReader}, written by {@link VhdxWriter}. */
public final class VhdxFormat implements ImageFormat {
    public static final String NAME = "vhdx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int probe(FormatProbe probe) {
        return probe.headStartsWith(VhdxLayout.FILE_SIGNATURE) ? MATCH : NO_MATCH;
    }

    @Override
    public BlockReader open(Path path, BackingChain chain) throws IOException {
        return VhdxReader.open(path, chain);
    }

    @Override
    public boolean canCreate() {
        return true;
    }

    /** Options: see {@link VhdxWriterOptions#fromMap}. */
    @Override
    public BlockWriter create(Path path, long size, Map<String, String> options) throws IOException {
        return VhdxWriter.create(path, size, VhdxWriterOptions.fromMap(options));
    }
}
