package io.vmferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LoggingTest {
    @Test
    void theCommandIsTheFirstWordThatIsNotAnOption() {
        assertEquals("stack", Logging.command(new String[] {"--config", "x.yaml", "stack"}));
        assertEquals("vms", Logging.command(new String[] {"vms", "--vm", "stack"}), "a VM named stack is no command");
        assertEquals("backup", Logging.command(new String[] {"--config=x.yaml", "backup", "--level", "full"}));
        assertNull(Logging.command(new String[] {"--help"}));
    }
}
