package io.vmferry.formats.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VmxMappingsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "windows9-64, win10", "windows9srv-64, win10", "windows2019srv-64, win10", "windows2019srvnext-64, win11",
            "windows2022srvnext-64, win11", "windows11-64, win11", "windows8srv-64, win8", "windows7srv-64, win7",
            "winnetenterprise, w2k3", "winxppro, wxp", "ubuntu-64, l26", "rhel8-64, l26", "centos7-64, l26",
            "debian12-64, l26", "otherlinux-64, l26", "other5xlinux-64, l26", "other24xlinux, l24", "solaris11-64, solaris",
            "freebsd13-64, null", "other-64, null", "darwin21-64, null"})
    void guestOsToOstype(String guestOs, String ostype) {
        assertEquals(ostype, VmxMappings.ostype(guestOs));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"lsilogic, lsi", "lsisas1068, lsi", "pvscsi, pvscsi", "buslogic, lsi", "megaraid, null"})
    void scsiControllers(String virtualDev, String scsihw) {
        assertEquals(scsihw, VmxMappings.scsiHw(virtualDev));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"e1000, e1000", "e1000e, e1000e", "vmxnet3, vmxnet3", "vlance, pcnet",
            "vmxnet2, vmxnet3", "sriov, null"})
    void nicModels(String virtualDev, String model) {
        assertEquals(model, VmxMappings.nicModel(virtualDev));
    }
}
