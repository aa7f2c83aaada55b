package io.vmferry.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.bus.config.ConfigException;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.ReceiverConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code receiver:} section of the YAML configuration. */
class ReceiverConfigTest {

    @Test
    void defaultsAndKeys() {
        assertEquals(ReceiverConfig.DEFAULT_PATH, ConfigLoader.parse("c.yaml", "").receiver().path());
        assertEquals(0, ConfigLoader.parse("c.yaml", "bus: {}\n").receiver().port());
        ReceiverConfig r = ConfigLoader.parse("c.yaml", "receiver: {path: /srv/replicas, port: 9600}\n").receiver();
        assertEquals(Path.of("/srv/replicas"), r.path());
        assertEquals(9600, r.port());
    }

    @Test
    void strict() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "receiver: {keep: 3}\n"));
        assertEquals("c.yaml:1: unknown key 'receiver.keep'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "receiver: {port: 70000}\n"));
        assertEquals("c.yaml:1: receiver.port must be 0..65535, not 70000", e.getMessage());
    }
}
