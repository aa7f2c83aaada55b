package io.vmferry.formats.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One container format, as registered in {@link ImageFormats}: detection, reading and (optionally)
 * creation. Implementations are stateless singletons.
 */
public interface ImageFormat {

    /** Probe score of a certain match (magic number found). */
    int MATCH = 100;
    /** Probe score of the raw fallback, which matches anything. */
    int FALLBACK = 1;
    /** Probe score of "not this format". */
    int NO_MATCH = 0;

    /** Name as {@code qemu-img} spells it: {@code raw}, {@code qcow2}, {@code vhdx}, {@code vpc}, {@code vmdk}. */
    String name();

    /** How sure this format is that {@code probe} is one of its files: {@link #NO_MATCH} .. {@link #MATCH}. */
    int probe(FormatProbe probe);

    /**
     * Opens {@code path} for reading. {@code chain} lists the images already open above this one;
     * formats with backing files open them through {@link ImageFormats#openBacking}.
     */
    BlockReader open(Path path, BackingChain chain) throws IOException;

    /** True when {@link #create} is supported. */
    default boolean canCreate() {
        return false;
    }

    /**
     * Creates (or truncates) {@code path} as a new image of {@code size} guest bytes. {@code options}
     * use {@code qemu-img -o} names (e.g. {@code cluster_size}); unknown names are rejected.
     */
    default BlockWriter create(Path path, long size, Map<String, String> options) throws IOException {
        throw new UnsupportedOperationException(name() + " images cannot be created");
    }
}
