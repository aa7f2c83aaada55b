package io.vmferry.formats.vmdk;

/** VMDK {@code createType} values this package reads; the writers produce the first two. */
public enum VmdkSubformat {
    MONOLITHIC_SPARSE("monolithicSparse"),
    STREAM_OPTIMIZED("streamOptimized"),
    MONOLITHIC_FLAT("monolithicFlat"),
    TWO_GB_MAX_EXTENT_SPARSE("twoGbMaxExtentSparse"),
    TWO_GB_MAX_EXTENT_FLAT("twoGbMaxExtentFlat");

    private final String createType;

    VmdkSubformat(String createType) {
        this.createType = createType;
    }

    /** The descriptor's {@code createType} and qemu-img's {@code subformat} option value. */
    public String createType() {
        return createType;
    }

    /** The subformat for a {@code createType} (case-insensitive), or null. */
    public static VmdkSubformat fromCreateType(String createType) {
        for (VmdkSubformat s : values()) {
            if (s.createType.equalsIgnoreCase(createType)) {
                return s;
            }
        }
        return null;
    }
}
