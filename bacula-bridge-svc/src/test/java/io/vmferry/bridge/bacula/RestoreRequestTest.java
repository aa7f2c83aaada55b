package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.bridge.bacula.RestoreRequest.Replace;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreRequestTest {
    private static final String C = "vf-fd";
    private static final String J = "RestoreFiles";

    @Test
    void wholeJob() {
        assertEquals("restore jobid=3 client=vf-fd restorejob=RestoreFiles where=/x all done yes",
                RestoreRequest.of(new RestoreRequest.WholeJobs(List.of(3L)), C, J).withWhere("/x").command());
    }

    @Test
    void filesAsPlainFilesToAnotherClient() {
        assertEquals("restore jobid=1,4 client=vf-fd restorejob=RestoreFiles restoreclient=vf-fd-raw"
                        + " where=\"/tmp/a b\" replace=never file=/@vmferry/h/1/scsi0/x.vfs yes",
                RestoreRequest.of(new RestoreRequest.Files(List.of(1L, 4L), List.of("/@vmferry/h/1/scsi0/x.vfs")), C, J)
                        .withRestoreClient("vf-fd-raw").withWhere("/tmp/a b").withReplace(Replace.NEVER).command());
    }

    @Test
    void currentToTheOriginalLocation() {
        assertEquals("restore fileset=vm-101-fs client=vf-fd restorejob=RestoreFiles where= select current all done yes",
                RestoreRequest.of(new RestoreRequest.Current("vm-101-fs"), C, J).withWhere("").command());
    }

    @Test
    void bvfsTable() {
        assertEquals("restore file=?b21234 client=vf-fd restorejob=RestoreFiles replace=always yes",
                RestoreRequest.of(new RestoreRequest.BvfsTable("b21234"), C, J).withReplace(Replace.ALWAYS).command());
        assertThrows(IllegalArgumentException.class,
                () -> RestoreRequest.of(new RestoreRequest.BvfsTable("tmp1"), C, J).command());
    }

    @Test
    void refusesQuotesAndEmptySelections() {
        assertThrows(IllegalArgumentException.class, () -> RestoreRequest.of(
                new RestoreRequest.WholeJobs(List.of(1L)), "a\"b", J));
        assertThrows(IllegalArgumentException.class, () -> RestoreRequest.of(
                new RestoreRequest.WholeJobs(List.of()), C, J).command());
    }
}
