package io.vmferry.formats.vmdk;

/**
 * One line of a descriptor's "Extent description" section:
 * {@code ACCESS SECTORS TYPE ["FILENAME" [OFFSET]]}, for example {@code RW 20480 FLAT "disk-flat.vmdk" 0}.
 *
 * @param access   {@code RW}, {@code RDONLY} or {@code NOACCESS}
 * @param sectors  extent size in 512-byte sectors
 * @param type     {@code FLAT}, {@code SPARSE}, {@code ZERO}, {@code VMFS}, {@code VMFSSPARSE}, {@code VMFSRDM}, {@code VMFSRAW}
 * @param fileName extent file relative to the descriptor, null for {@code ZERO}
 * @param offset   first sector of the extent in a flat file (0 otherwise)
 */
public record VmdkExtentLine(String access, long sectors, String type, String fileName, long offset) {

    /** Extent types this package can read. */
    public enum Kind { FLAT, SPARSE, ZERO, VMFS, VMFSSPARSE, VMFSRDM, VMFSRAW }

    public VmdkExtentLine {
        if (sectors < 0 || offset < 0) {
            throw new IllegalArgumentException("negative extent size or offset");
        }
    }

    /** The type as an enum, or null when the descriptor names a type this code does not know. */
    public Kind kind() {
        for (Kind k : Kind.values()) {
            if (k.name().equals(type)) {
                return k;
            }
        }
        return null;
    }

    /** The line as written in a descriptor. */
    public String render() {
        StringBuilder b = new StringBuilder().append(access).append(' ').append(sectors).append(' ').append(type);
        if (fileName != null) {
            b.append(" \"").append(fileName).append('"');
            if (kind() == Kind.FLAT || kind() == Kind.VMFS) {
                b.append(' ').append(offset);
            }
        }
        return b.toString();
    }
}
