package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    @Test
    void quotesOnlyWhatNeedsIt() {
        assertEquals("vm=101", ShellQuote.quote("vm=101"));
        assertEquals("'vm=web*'", ShellQuote.quote("vm=web*"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
        assertEquals("a 'b c' '$x'", ShellQuote.join(List.of("a", "b c", "$x")));
    }
}
