package io.vmferry.bridge.bacula;

import java.util.List;

/**
 * The arguments of {@code vmferry bacula plugins PARAMS... %l %i %n}: the plugin parameters, then the
 * job level, JobId and job name that the File Daemon substitutes.
 *
 * @param params      the parsed plugin parameters
 * @param baculaLevel the {@code %l} code, e.g. {@code Incremental}
 * @param jobId       the {@code %i} code
 * @param jobName     the {@code %n} code (the Job resource name)
 */
public record GeneratorArgs(PluginParams params, String baculaLevel, long jobId, String jobName) {

    /**
     * Splits the arguments after {@code bacula plugins}: every token but the last three is a parameter.
     *
     * @throws PluginParamException on too few arguments, an unexpanded or non-numeric JobId, or bad parameters
     */
    public static GeneratorArgs parse(List<String> args) {
        if (args.size() < 3) {
            throw new PluginParamException("usage: bacula plugins KEY=VALUE... %l %i %n (got " + args.size()
                    + " arguments)");
        }
        int n = args.size();
        String jobIdText = args.get(n - 2);
        if (!jobIdText.matches("\\d{1,18}") || Long.parseLong(jobIdText) == 0) {
            throw new PluginParamException("bad JobId '" + jobIdText + "' (expected %l %i %n at the end of the"
                    + " plugin string)");
        }
        return new GeneratorArgs(PluginParams.parse(args.subList(0, n - 3)), args.get(n - 3),
                Long.parseLong(jobIdText), args.get(n - 1));
    }

    /** The JobId from the arguments even when the parameters are bad, or 0 when there is none. */
    public static long jobIdOrZero(List<String> args) {
        if (args.size() < 3) {
            return 0;
        }
        String s = args.get(args.size() - 2);
        return s.matches("\\d{1,18}") ? Long.parseLong(s) : 0;
    }
}
