package io.vmferry.formats.vpc;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.FormatProbe;
import io.vmferry.formats.api.ImageFormat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * VHD ({@code vpc} in qemu): detected by the {@code conectix} cookie at offset 0 (dynamic) or in
 * the footer at the end of the file (fixed, which qemu itself would probe as raw). Read-only.
 */
public final class VpcFormat implements ImageFormat {
    public static final String NAME = "vpc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int probe(FormatProbe probe) {
        return probe.headStartsWith(VpcFooter.COOKIE) || probe.tailStartsWith(VpcFooter.COOKIE) ? MATCH : NO_MATCH;
    }

    @Override
    public BlockReader open(Path path, BackingChain chain) throws IOException {
        return VpcReader.open(path);
    }
}
