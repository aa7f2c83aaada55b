package io.vmferry.cli;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.CommandLine;

/**
 * The training run behind the CLI's class-data sharing archive ({@code infra/bin/common.sh} makes it after each
 * build with {@code -XX:ArchiveClassesAtExit}; every later JVM of the launcher maps it instead of reading, parsing
 * and verifying its classes one by one). Builds the command-line model with every command's help, then loads
 * (without initialising them) the classes of the class path's jars that a command or service JVM uses: the
 * product's own, picocli, Jackson, Vert.x and Netty, the Kafka clients, Bouncy Castle, LZ4, logging. Left out:
 * the broker's own code (Scala, Kafka server), which runs in its own JVM and is dominated by the broker's start.
 * Touches no host, no broker, no file. Classes that cannot be loaded here (optional dependencies absent) are skipped.
 */
final class CdsTraining {
    private static final List<String> PACKAGES = List.of("io/vmferry/", "picocli/", "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/dataformat/yaml/", "org/yaml/snakeyaml/",
            "org/slf4j/", "org/apache/kafka/clients/", "org/apache/kafka/common/");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine cli = Main.commandLine(new VmferryCommand());
        cli.getUsageMessage();
        cli.getSubcommands().values().forEach(CommandLine::getUsageMessage);
        int loaded = 0;
        ClassLoader loader = CdsTraining.class.getClassLoader();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (element.endsWith(".jar")) {
                loaded += loadAll(new File(element), loader);
            }
        }
        System.out.println("cds training: " + loaded + " classes");
    }

    private static int loadAll(File jar, ClassLoader loader) throws IOException {
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
