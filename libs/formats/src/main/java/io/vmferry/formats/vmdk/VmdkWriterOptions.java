package io.vmferry.formats.vmdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Options of a new VMDK.
 *
 * @param subformat        {@link VmdkSubformat#MONOLITHIC_SPARSE} or {@link VmdkSubformat#STREAM_OPTIMIZED}
 * @param adapterType      {@code ddb.adapterType}: ide, buslogic, lsilogic, legacyESX, lsisas1068 or pvscsi
 * @param hwVersion        {@code ddb.virtualHWVersion} (VMware virtual hardware version, 4 is understood everywhere)
 * @param compressionLevel deflate level 1-9 for streamOptimized grains
 */
public record VmdkWriterOptions(VmdkSubformat subformat, String adapterType, int hwVersion, int compressionLevel) {
    public static final String DEFAULT_ADAPTER_TYPE = "lsilogic";
    public static final int DEFAULT_HW_VERSION = 4;
    public static final int DEFAULT_COMPRESSION_LEVEL = 6;
    private static final Set<String> ADAPTERS = Set.of("ide", "buslogic", "lsilogic", "legacyESX", "lsisas1068", "pvscsi");

    public VmdkWriterOptions {
        if (subformat != VmdkSubformat.MONOLITHIC_SPARSE && subformat != VmdkSubformat.STREAM_OPTIMIZED) {
            throw new IllegalArgumentException("can only write monolithicSparse or streamOptimized, not " + subformat);
        }
        if (!ADAPTERS.contains(adapterType)) {
            throw new IllegalArgumentException("adapter type " + adapterType + " is not one of " + ADAPTERS);
        }
        if (hwVersion < 3 || hwVersion > 99) {
            throw new IllegalArgumentException("hardware version " + hwVersion + " outside [3, 99]");
        }
        if (compressionLevel < 1 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression level " + compressionLevel + " outside [1, 9]");
        }
    }

    /** Defaults for {@code subformat}: lsilogic, hardware version 4, deflate level 6. */
    public static VmdkWriterOptions of(VmdkSubformat subformat) {
        return new VmdkWriterOptions(subformat, DEFAULT_ADAPTER_TYPE, DEFAULT_HW_VERSION, DEFAULT_COMPRESSION_LEVEL);
    }

    public VmdkWriterOptions withAdapterType(String adapter) {
        return new VmdkWriterOptions(subformat, adapter, hwVersion, compressionLevel);
    }

    public VmdkWriterOptions withHwVersion(int hw) {
        return new VmdkWriterOptions(subformat, adapterType, hw, compressionLevel);
    }

    /** The descriptor of a new single-extent disk {@code fileName} of {@code sectors} sectors. */
    VmdkDescriptor descriptor(String fileName, long sectors) {
        int heads = adapterType.equals("ide") ? 16 : 255;
        long cylinders = Math.min(sectors / (heads * 63L), adapterType.equals("ide") ? 16383 : 65535);
        Map<String, String> ddb = new LinkedHashMap<>();
        ddb.put("ddb.virtualHWVersion", Integer.toString(hwVersion));
        ddb.put("ddb.geometry.cylinders", Long.toString(Math.max(1, cylinders)));
        ddb.put("ddb.geometry.heads", Integer.toString(heads));
        ddb.put("ddb.geometry.sectors", "63");
        ddb.put("ddb.adapterType", adapterType);
        ddb.put("ddb.toolsVersion", "2147483647");
        long cid = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
        if (cid == VmdkDescriptor.NO_PARENT) {
            cid = 0xfffffffeL;
        }
        return new VmdkDescriptor(1, cid, VmdkDescriptor.NO_PARENT, subformat.createType(), null,
                List.of(new VmdkExtentLine("RW", sectors, "SPARSE", fileName, 0)), ddb);
    }
}
