package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorArgsTest {

    @Test
    void paramsThenLevelJobIdName() {
        GeneratorArgs a = GeneratorArgs.parse(List.of("host=pve1", "vm=101", "Incremental", "42", "vm-101"));
        assertEquals("101", a.params().vm());
        assertEquals("Incremental", a.baculaLevel());
        assertEquals(42, a.jobId());
        assertEquals("vm-101", a.jobName());
    }

    @Test
    void unexpandedJobCodes() {
        var e = assertThrows(PluginParamException.class, () -> GeneratorArgs.parse(List.of("vm=1", "%l", "%i", "%n")));
        assertTrue(e.getMessage().startsWith("bad JobId '%i'"), e.getMessage());
        assertEquals(0, GeneratorArgs.jobIdOrZero(List.of("vm=1", "%l", "%i", "%n")));
    }

    @Test
    void tooFewArguments() {
        assertThrows(PluginParamException.class, () -> GeneratorArgs.parse(List.of("Full", "3")));
        assertEquals(0, GeneratorArgs.jobIdOrZero(List.of("3")));
    }

    @Test
    void badParamsStillYieldTheJobId() {
        List<String> args = List.of("vm=1", "colour=red", "Full", "17", "job");
        assertThrows(PluginParamException.class, () -> GeneratorArgs.parse(args));
        assertEquals(17, GeneratorArgs.jobIdOrZero(args));
    }
}
