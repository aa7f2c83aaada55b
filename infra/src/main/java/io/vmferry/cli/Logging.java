package io.vmferry.cli;

/**
 * Quiet logs for one-shot commands (their output is the answer), informative ones for the
 * long-lived {@code stack}. Must run before the first logger is created.
 */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        boolean stack = "stack".equals(command(args));
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.vmferry", stack ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        setDefault("org.slf4j.simpleLogger.log.io.vertx.kafka", "error");
    }

    /** The command word: the first argument that is not an option or the value of {@code --config}. */
    static String command(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
