package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VMDK descriptor (VMware "Virtual Disk Format 5.0", "The Descriptor File"): plain text, either
 * a file of its own or embedded in a sparse extent at {@code descriptorOffset}. Sections:
 *
 * <pre>
 * # Disk DescriptorFile
 * version=1                          header: version, CID, parentCID, createType,
 * CID=5d33d6c8                        parentFileNameHint (snapshots only)
 * parentCID=ffffffff                 ffffffff = no parent
 * createType="monolithicSparse"
 * # Extent description
 * RW 20480 SPARSE "disk.vmdk"        see {@link VmdkExtentLine}
 * # The Disk Data Base
 * ddb.adapterType = "lsilogic"       ddb.* key/value pairs
 * </pre>
 *
 * @param cid                content id, changed on every first write after open
 * @param parentCid          the parent's CID when this disk was created, {@link #NO_PARENT} without one
 * @param parentFileNameHint the parent descriptor relative to this one, or null
 * @param ddb                the disk database and any other key, in file order
 */
public record VmdkDescriptor(int version, long cid, long parentCid, String createType, String parentFileNameHint,
                             List<VmdkExtentLine> extents, Map<String, String> ddb) {
    /** parentCID of a disk without parent. DO NOT MODIFY. */
    public static final long NO_PARENT = 0xffffffffL;
    private static final String SIGNATURE = "# Disk DescriptorFile";
    private static final Pattern EXTENT = Pattern.compile(
            "(RW|RDONLY|NOACCESS)\\s+(\\d{1,19})\\s+([A-Z]+)(?:\\s+\"([^\"]*)\"(?:\\s+(\\d{1,19}))?)?");
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z][\\w.]*)\\s*=\\s*(.*)");

    public VmdkDescriptor {
        extents = List.copyOf(extents);
        ddb = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ddb));
    }

    /** True when {@link #parentCid} names a parent. */
    public boolean hasParent() {
        return parentCid != NO_PARENT;
    }

    /** Total size of all extents in sectors. */
    public long sectors() {
        long total = 0;
        for (VmdkExtentLine e : extents) {
            total += e.sectors();
        }
        return total;
    }

    /** True when {@code head} starts like a text descriptor. */
    public static boolean looksLikeDescriptor(ByteBuffer head) {
        byte[] sig = SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        if (head.remaining() < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (head.get(head.position() + i) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses descriptor bytes (text up to the first NUL). Every length is bounded; an unparseable
     * line, a missing extent or a bad CID is a {@link FormatException} naming {@code file}.
     */
    public static VmdkDescriptor parse(String file, byte[] bytes) throws FormatException {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end > VmdkLimits.MAX_DESCRIPTOR_BYTES) {
            throw new FormatException(file + ": descriptor of " + end + " bytes exceeds " + VmdkLimits.MAX_DESCRIPTOR_BYTES);
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        int version = -1;
        long cid = -1;
        long parentCid = NO_PARENT;
        String createType = null;
        String parentHint = null;
        List<VmdkExtentLine> extents = new ArrayList<>();
        Map<String, String> ddb = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = EXTENT.matcher(line);
            if (m.matches()) {
                if (extents.size() >= VmdkLimits.MAX_EXTENTS) {
                    throw new FormatException(file + ": more than " + VmdkLimits.MAX_EXTENTS + " extents");
                }
                extents.add(extentLine(file, lineNo, m));
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(line);
            if (!kv.matches()) {
                throw new FormatException(file + ": descriptor line " + lineNo + " is neither key=value nor an extent");
            }
            String key = kv.group(1);
            String value = unquote(kv.group(2).strip());
            switch (key) {
                case "version" -> version = parseInt(file, key, value);
                case "CID" -> cid = parseCid(file, key, value);
                case "parentCID" -> parentCid = parseCid(file, key, value);
                case "createType" -> createType = value;
                case "parentFileNameHint" -> parentHint = value;
                default -> ddb.put(key, value);
            }
        }
        if (version < 1 || version > 3) {
            throw new FormatException(file + ": descriptor version " + version + " unsupported or missing");
        }
        if (extents.isEmpty()) {
            throw new FormatException(file + ": descriptor has no extent lines");
        }
        if (createType == null) {
            throw new FormatException(file + ": descriptor has no createType");
        }
        return new VmdkDescriptor(version, cid < 0 ? 0 : cid, parentCid, createType, parentHint, extents, ddb);
    }

    private static VmdkExtentLine extentLine(String file, int lineNo, Matcher m) throws FormatException {
        try {
            long sectors = Long.parseLong(m.group(2));
            long offset = m.group(5) == null ? 0 : Long.parseLong(m.group(5));
            if (sectors > VmdkLimits.MAX_SECTORS || offset > VmdkLimits.MAX_SECTORS) {
                throw new FormatException(file + ": extent on line " + lineNo + " exceeds " + VmdkLimits.MAX_SECTORS + " sectors");
            }
            return new VmdkExtentLine(m.group(1), sectors, m.group(3), m.group(4), offset);
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": extent on line " + lineNo + " has a number out of range");
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static int parseInt(String file, String key, String value) throws FormatException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": descriptor " + key + "=" + abbreviate(value) + " is not a number");
        }
    }

    private static long parseCid(String file, String key, String value) throws FormatException {
        if (value.isEmpty() || value.length() > 8) {
            throw new FormatException(file + ": descriptor " + key + "=" + abbreviate(value) + " is not 8 hex digits");
        }
        try {
            return Long.parseLong(value, 16);
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": descriptor " + key + "=" + abbreviate(value) + " is not hexadecimal");
        }
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
    }

    /** The descriptor as VMware writes it. */
    public String render() {
        StringBuilder b = new StringBuilder(SIGNATURE).append('\n')
                .append("version=").append(version).append('\n')
                .append("CID=").append(String.format("%08x", cid)).append('\n')
                .append("parentCID=").append(String.format("%08x", parentCid)).append('\n')
                .append("createType=\"").append(createType).append("\"\n");
        if (parentFileNameHint != null) {
            b.append("parentFileNameHint=\"").append(parentFileNameHint).append("\"\n");
        }
        b.append("\n# Extent description\n");
        extents.forEach(e -> b.append(e.render()).append('\n'));
        b.append("\n# The Disk Data Base\n#DDB\n\n");
        ddb.forEach((k, v) -> b.append(k).append(" = \"").append(v).append("\"\n"));
        return b.toString();
    }
}
