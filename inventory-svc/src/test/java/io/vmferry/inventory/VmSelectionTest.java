package io.vmferry.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VmSelectionTest {
    record Vm(int id, String name) {
    }

    static final List<Vm> VMS = List.of(new Vm(101, "web1"), new Vm(102, "web2"), new Vm(103, "db1"),
            new Vm(1010, "Web10"), new Vm(200, "200"));

    private static List<Integer> sel(String s, Integer... exclude) {
        return VmSelection.parse(s, List.of(exclude)).select(VMS, Vm::id, Vm::name).stream().map(Vm::id).toList();
    }

    @Test
    void grammar() {
        assertEquals(List.of(101, 102, 103, 1010, 200), sel("*"));
        assertEquals(List.of(101), sel("101"));
        assertEquals(List.of(103), sel("db1"));
        assertEquals(List.of(103), sel("DB1"), "names are case-insensitive");
        assertEquals(List.of(101, 102, 1010), sel("web*"));
        assertEquals(List.of(101, 102), sel("web?"));
        assertEquals(List.of(103, 101), sel("db1,101"), "order as given");
        assertEquals(List.of(101, 102, 1010), sel("web*,101"), "no duplicates");
        assertEquals(List.of(101, 1010), sel("web*", 102));
        assertEquals(List.of(101, 102, 103, 1010), sel("10*"), "wildcards also match VMIDs");
        assertEquals(List.of(200), sel("200"), "a number is a VMID, even if a VM is named like one");
        assertEquals(List.of(101), sel(" 101 "));
    }

    @Test
    void errors() {
        assertError("empty VM selection", "");
        assertError("empty term in VM selection '101,'", "101,");
        assertError("bad term 'a/b' in VM selection 'a/b'", "a/b");
        assertError("no VM matches '999'", "101,999");
        assertError("no VM matches 'mail*'", "mail*");
        var e = assertThrows(IllegalArgumentException.class, () -> sel("101", 101));
        assertEquals("every VM matching '101' is excluded", e.getMessage());
    }

    private static void assertError(String expected, String selection) {
        var e = assertThrows(IllegalArgumentException.class, () -> sel(selection));
        assertEquals(expected, e.getMessage());
    }
}
