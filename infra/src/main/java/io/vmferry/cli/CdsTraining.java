package io.vmferry.cli;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run behind the CLI's class-data sharing archive ({@code infra/bin/common.sh} makes it after each
 * build with {@code -XX:ArchiveClassesAtExit}; every later JVM of the launcher maps it instead of reading and
 * parsing its classes one by one). Loads, without linking or initialising them, the classes of the class path's
 * jars in the packages every command's JVM uses: the product's own, picocli, Jackson and YAML, logging, the Kafka
 * clients. Runs none of them: picocli's classes (an old class file version) can be archived only unlinked.
 * Touches no host, no broker, no file. Classes that cannot be loaded here (optional dependencies absent) are skipped.
 */
final class CdsTraining {
    static final List<String> PACKAGES = List.of("io/vmferry/", "picocli/", "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/dataformat/yaml/", "org/yaml/snakeyaml/",
            "com/fasterxml/jackson/annotation/", "com/fasterxml/jackson/datatype/", "org/slf4j/",
            "org/apache/kafka/clients/", "org/apache/kafka/common/", "org/apache/kafka/shaded/");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        int loaded = 0;
        ClassLoader loader = CdsTraining.class.getClassLoader();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (element.endsWith(".jar")) {
                loaded += loadAll(new File(element), loader);
            }
        }
        System.out.println("cds training: " + loaded + " classes");
    }

    /** Loads the classes of {@code jar} in {@link #PACKAGES} without initialising them; returns how many. */
    static int loadAll(File jar, ClassLoader loader) throws IOException {
        int n = 0;
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")
                        || PACKAGES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    n++;
                } catch (LinkageError | ClassNotFoundException ignored) {
                    // an optional dependency is missing: a command cannot load this class either
                }
            }
        }
        return n;
    }
}
