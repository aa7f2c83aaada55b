package io.vmferry.formats.qcow2;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.FormatProbe;
import io.vmferry.formats.api.ImageFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** qcow2: detected by the {@code QFI\xfb} magic; read by {@link Qcow2Reader}, written by {@link Qcow2Writer}. */
public final class Qcow2Format implements ImageFormat {
    public static final String NAME = "qcow2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int probe(FormatProbe probe) {
        return probe.headStartsWith("QFI\u00fb") ? MATCH : NO_MATCH;
    }

    @Override
    public BlockReader open(Path path, BackingChain chain) throws IOException {
        return Qcow2Reader.open(path, chain);
    }

    @Override
    public boolean canCreate() {
        return true;
    }

    /** Options: see {@link Qcow2WriterOptions#fromMap}. */
    @Override
    public BlockWriter create(Path path, long size, Map<String, String> options) throws IOException {
        return Qcow2Writer.create(path, size, Qcow2WriterOptions.fromMap(options));
    }
}
