package io.vmferry.formats.qcow2;

import io.vmferry.formats.internal.Sizes;

import java.util.Map;

/**
 * Options of {@link Qcow2Writer}.
 *
 * @param clusterSize cluster size in bytes, a power of two from 512 to 2 MiB
 */
public record Qcow2WriterOptions(int clusterSize) {
    public static final int DEFAULT_CLUSTER_SIZE = 64 * 1024;
    public static final Qcow2WriterOptions DEFAULTS = new Qcow2WriterOptions(DEFAULT_CLUSTER_SIZE);

    public Qcow2WriterOptions {
        if (clusterSize < 512 || clusterSize > 2 << 20 || Integer.bitCount(clusterSize) != 1) {
            throw new IllegalArgumentException("cluster_size " + clusterSize + " is not a power of two in [512, 2M]");
        }
    }

    /**
     * Parses {@code qemu-img -o} style options: {@code cluster_size} (bytes, or with a K/M suffix) and
     * {@code compat} (only {@code 1.1}/{@code v3} is written). Unknown names are rejected.
     */
    public static Qcow2WriterOptions fromMap(Map<String, String> options) {
        int clusterSize = DEFAULT_CLUSTER_SIZE;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "cluster_size" -> clusterSize = (int) Sizes.parse(e.getValue());
                case "compat" -> {
                    if (!e.getValue().equals("1.1") && !e.getValue().equals("v3")) {
                        throw new IllegalArgumentException("qcow2 writer only writes compat=1.1, not " + e.getValue());
                    }
                }
                default -> throw new IllegalArgumentException("unknown qcow2 option '" + e.getKey() + "'");
            }
        }
        return new Qcow2WriterOptions(clusterSize);
    }
}
