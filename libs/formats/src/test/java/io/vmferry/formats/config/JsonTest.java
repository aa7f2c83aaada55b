package io.vmferry.formats.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {
    @Test
    void roundTrips() throws Exception {
        Object v = Json.parse("\ufeff{\"a\": [1, -2, 3.5, true, false, null, \"x\\\"\\u0041\\n\"], \"b\": {}, \"c\": []}");
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, -2L, 3.5, true, false, null, "x\"A\n"), "b", Map.of(), "c", List.of()), v);
        assertEquals(v, Json.parse(Json.write(v)));
    }

    @Test
    void rejectsMalformedAndDeepInput() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "[1] 2", "{\"a\":\"\\u12\"}"}) {
            assertThrows(ConfigException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(ConfigException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }
}
