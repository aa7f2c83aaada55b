package io.vmferry.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** The class-data sharing training names packages that exist, and loads classes without running them. */
class CdsTrainingTest {
    @Test
    void everyPackageItArchivesIsInAJarOfTheClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (element.endsWith(".jar")) {
                try (JarFile jar = new JarFile(element)) {
                    entries.addAll(Collections.list(jar.entries()).stream().map(e -> e.getName()).toList());
                }
            }
        }
        for (String pkg : CdsTraining.PACKAGES) {
            if (pkg.equals("io/vmferry/")) {
                continue; // the product's own classes are directories here, jars in the launcher's class path
            }
            assertTrue(entries.stream().anyMatch(n -> n.startsWith(pkg) && n.endsWith(".class")),
                    "no class of " + pkg + " on the class path: a dependency moved, update CdsTraining.PACKAGES");
        }
    }

    @Test
    void loadsTheKafkaClientsJar() throws IOException {
        File jar = new File(KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        int loaded = CdsTraining.loadAll(jar, getClass().getClassLoader());
        assertTrue(loaded > 2000, "only " + loaded + " classes of " + jar.getName());
    }
}
