package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VmdkDescriptorTest {
    private static VmdkDescriptor parse(String text) throws FormatException {
        return VmdkDescriptor.parse("d.vmdk", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAllSections() throws Exception {
        VmdkDescriptor d = parse("# Disk DescriptorFile\r\nversion=1\r\nencoding=\"UTF-8\"\r\nCID=fffffffe\r\nparentCID=1a2b3c4d\r\n"
                + "createType=streamOptimized\r\nparentFileNameHint=\"../base disk.vmdk\"\r\n\r\n# Extent description\r\n"
                + "RDONLY 1024 SPARSE \"a b.vmdk\"\r\nRW 2048 FLAT \"c-flat.vmdk\" 64\r\nNOACCESS 8 ZERO\r\n"
                + "#DDB\r\nddb.adapterType = \"lsilogic\"\r\nddb.geometry.cylinders = \"2\"\r\n\0\0\0garbage after NUL");
        assertEquals(0xfffffffeL, d.cid());
        assertEquals(0x1a2b3c4dL, d.parentCid());
        assertTrue(d.hasParent());
        assertEquals("streamOptimized", d.createType());
        assertEquals("../base disk.vmdk", d.parentFileNameHint());
        assertEquals(List.of(new VmdkExtentLine("RDONLY", 1024, "SPARSE", "a b.vmdk", 0),
                new VmdkExtentLine("RW", 2048, "FLAT", "c-flat.vmdk", 64),
                new VmdkExtentLine("NOACCESS", 8, "ZERO", null, 0)), d.extents());
        assertEquals(Map.of("encoding", "UTF-8", "ddb.adapterType", "lsilogic", "ddb.geometry.cylinders", "2"), d.ddb());
        assertEquals(3080, d.sectors());
        assertEquals(d, VmdkDescriptor.parse("again", d.render().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsBadDescriptorsWithOneLineMessages() {
        String ok = "version=1\nCID=00000001\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\n";
        Map<String, String> cases = Map.of(
                "version=1\nCID=1\ncreateType=\"x\"\n", "d.vmdk: descriptor has no extent lines",
                "CID=1\ncreateType=\"x\"\nRW 1 ZERO\n", "d.vmdk: descriptor version -1 unsupported or missing",
                ok + "RW 99999999999999999999 FLAT \"x\" 0\n", "d.vmdk: descriptor line 5 is neither key=value nor an extent",
                ok.replace("CID=00000001", "CID=123456789") + "RW 1 ZERO\n", "d.vmdk: descriptor CID=123456789 is not 8 hex digits",
                ok + "RW 1 FLAT \"x\" 0\n\u0001\u0002 binary\n", "d.vmdk: descriptor line 6 is neither key=value nor an extent",
                ok + "RW 2199023255553 FLAT \"x\" 0\n", "d.vmdk: extent on line 5 exceeds 2199023255552 sectors");
        cases.forEach((text, message) -> {
            FormatException e = assertThrows(FormatException.class, () -> parse(text), text);
            assertEquals(message, e.getMessage());
        });
        byte[] big = new byte[VmdkLimits.MAX_DESCRIPTOR_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        FormatException e = assertThrows(FormatException.class, () -> VmdkDescriptor.parse("big.vmdk", big));
        assertEquals("big.vmdk: descriptor of 1048577 bytes exceeds 1048576", e.getMessage());
    }

    @Test
    void extentLineKinds() {
        assertEquals(VmdkExtentLine.Kind.VMFS, new VmdkExtentLine("RW", 1, "VMFS", "x", 0).kind());
        assertNull(new VmdkExtentLine("RW", 1, "SESPARSE", "x", 0).kind());
        assertEquals("RW 8 FLAT \"x-flat.vmdk\" 2", new VmdkExtentLine("RW", 8, "FLAT", "x-flat.vmdk", 2).render());
    }
}
