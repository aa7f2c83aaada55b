package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RestoreWhereTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "  ", " / "})
    void emptyOrRootIsTheOriginalLocation(String where) {
        RestoreWhere w = RestoreWhere.parse(where, List.of());
        assertTrue(w.originalLocation());
        assertFalse(w.options().overwriteVmid());
    }

    @Test
    void directoryThenOptionsWithAliases() {
        RestoreWhere w = RestoreWhere.parse("/var/tmp/r NewVmId=9602 new-vm-name=web1-old target_storage=fast"
                + " start=yes overwrite=1", List.of());
        assertEquals(Optional.of("/var/tmp/r"), w.directory());
        assertEquals(Optional.of(9602), w.options().newVmid());
        assertEquals(Optional.of("web1-old"), w.options().newVmName());
        assertEquals(Optional.of("fast"), w.options().storage());
        assertTrue(w.options().startVm());
        assertTrue(w.options().overwriteVmid());
    }

    @Test
    void optionsOnlyMeanTheOriginalLocation() {
        RestoreWhere w = RestoreWhere.parse("overwrite_vmid=yes", List.of());
        assertTrue(w.originalLocation());
        assertTrue(w.options().overwriteVmid());
    }

    @Test
    void whereOverridesTheWriterDefaults() {
        RestoreWhere w = RestoreWhere.parse("/r storage=b", List.of("storage=a", "new_vmid=9700"));
        assertEquals(Optional.of("b"), w.options().storage());
        assertEquals(Optional.of(9700), w.options().newVmid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/r colour=red|unknown restore option 'colour' (known: storage, destination, new_vmid, new_vm_name, overwrite_vmid, start_vm)",
        "/r vm=101|unknown restore option 'vm' (known: storage, destination, new_vmid, new_vm_name, overwrite_vmid, start_vm)",
        "/r new_vmid=12|bad value for plugin parameter 'new_vmid': '12' (expected a VMID (100..999999999))",
        "/r new_vmid=9602 newvmid=9603|restore option 'new_vmid' given twice (as 'new_vmid' and 'newvmid')",
        "/r start_vm=yes|restore option 'start_vm' needs new_vmid",
        "/r new_vm_name=x|restore option 'new_vm_name' needs new_vmid",
        "/r start_vm=maybe|bad value for plugin parameter 'start_vm': 'maybe' (expected yes or no)",
        "relative/dir new_vmid=9602|restore where 'relative/dir' is not an absolute directory",
        "/r/../etc|restore where '/r/../etc' is not an absolute directory",
        "/r new_vmid=|restore option 'new_vmid' has an empty value",
        "/r a/b|restore option 'a/b' is not key=value",
        "new_vmid=9602|restore option 'new_vmid' needs a staging directory first in where (where=\"/var/tmp/r new_vmid=9602\")",
        "destination=/out|restore option 'destination' needs a staging directory first in where (where=\"/var/tmp/r destination=/out\"); an empty where restores into the VM itself",
        "/r new_vmid=9602 destination=/out|restore options 'new_vmid' and 'destination' conflict: restore into a new VM or into image files"})
    void oneLineErrors(String where, String message) {
        assertEquals(message, assertThrows(PluginParamException.class, () -> RestoreWhere.parse(where, List.of()))
                .getMessage());
    }

    @Test
    void badWriterDefaultIsNamedAsSuch() {
        assertEquals("unknown writer option 'vm' (known: storage, destination, new_vmid, new_vm_name, overwrite_vmid,"
                + " start_vm)", assertThrows(PluginParamException.class,
                        () -> RestoreWhere.parse("/r", List.of("vm=1"))).getMessage());
    }
}
