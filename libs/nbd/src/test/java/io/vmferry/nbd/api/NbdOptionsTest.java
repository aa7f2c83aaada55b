package io.vmferry.nbd.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NbdOptionsTest {

    @Test
    void jsonRoundTripAndCopy() {
        NbdOptions o = new NbdOptions().setSocketPath("/run/nbd.sock").setExportName("backup1")
                .setMetaContexts(List.of("base:allocation", NbdMetaContexts.dirtyBitmap("snap1-inc")))
                .setMaxInFlight(8).setConnectTimeoutMs(500).setMaxReadLength(1 << 20);
        NbdOptions back = new NbdOptions(o.toJson());
        assertEquals(o.toJson(), back.toJson());
        assertEquals(o.toJson(), new NbdOptions(o).toJson());
        assertEquals("unix:/run/nbd.sock", back.validate().address());
        assertEquals("127.0.0.1:10809", new NbdOptions().setHost("127.0.0.1").validate().address());
    }

    @Test
    void settersAndValidateRejectNonsense() {
        NbdOptions o = new NbdOptions();
        assertThrows(IllegalArgumentException.class, o::validate);
        assertThrows(IllegalArgumentException.class, () -> o.setPort(0));
        assertThrows(IllegalArgumentException.class, () -> o.setHost(" "));
        assertThrows(IllegalArgumentException.class, () -> o.setMaxInFlight(0));
        assertThrows(IllegalArgumentException.class, () -> o.setMaxReadLength(64 << 20));
        assertThrows(IllegalArgumentException.class, () -> o.setConnectTimeoutMs(0));
        assertThrows(IllegalArgumentException.class, () -> o.setExportName("x".repeat(4097)));
        assertThrows(IllegalArgumentException.class, () -> o.setMetaContexts(List.of("nocolon")));
        assertThrows(IllegalArgumentException.class, () -> o.setMetaContexts(List.of("a:b", "a:b")));
        assertThrows(IllegalArgumentException.class, () -> o.setHost("h").setSocketPath("/s").validate());
    }

    @Test
    void errorEnumsMapWireValues() {
        assertEquals(NbdError.EIO, NbdError.valueOf(5));
        assertEquals(NbdError.UNKNOWN, NbdError.valueOf(4242));
        assertEquals(NbdOptionError.UNKNOWN, NbdOptionError.valueOf(0x80000006));
        assertEquals(NbdOptionError.OTHER, NbdOptionError.valueOf(0x80000077));
        assertEquals(0x80000001, NbdOptionError.UNSUP.code());
        NbdCommandException e = new NbdCommandException(5, "NBD_CMD_READ", 0, 512, "disk on fire");
        assertEquals("NBD_CMD_READ offset=0 length=512 failed: EIO: disk on fire", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }
}
