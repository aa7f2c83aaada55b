package io.vmferry.cli.bacula;

import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.cli.Main;
import io.vmferry.cli.VmferryCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * One request to the {@link AgentCommand job agent}: reads it, runs the command against the client's pipes
 * ({@link AgentIo}) and answers with its exit code.
 *
 * <p>The protocol, one text line each (UTF-8, {@code \n}); arguments cannot hold newlines (nor can bpipe lines):
 * <pre>
 * client: vmferry-agent 1          agent: out TEXT     a line for the client's stdout
 *         pid=PID                         err TEXT     a line for the client's stderr
 *         arg=ARG   (each argument,        exit CODE   the end; the client exits with CODE
 *                    "bacula" first)
 *         (empty line)
 * </pre>
 * {@code exit 75} means "not served here": the launcher then runs the command in a JVM of its own. A client that
 * disconnects before the end stops the command (its pipes are closed, as when a bpipe program is killed).
 */
final class AgentSession {
    /** The exit code that sends the client back to a JVM of its own. */
    static final int NOT_SERVED = 75;
    private static final String MAGIC = "vmferry-agent 1";
    private static final Set<String> SERVED = Set.of("plugins", "read", "write", "check");

    private final SocketChannel channel;
    private final VmferryConfig config;
    private final AgentHolds holds;

    AgentSession(SocketChannel channel, VmferryConfig config, AgentHolds holds) {
        this.channel = channel;
        this.config = config;
        this.holds = holds;
    }

    void serve() {
        try (channel) {
            AgentReply reply = new AgentReply(channel);
            BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            long pid = -1;
            List<String> args = new ArrayList<>();
            if (!MAGIC.equals(in.readLine())) {
                reply.line("err", "vmferry: not a vmferry agent request");
                reply.exit(2);
                return;
            }
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.startsWith("pid=")) {
                    pid = Long.parseLong(line.substring(4));
                } else if (line.startsWith("arg=")) {
                    args.add(line.substring(4));
                }
            }
            if (pid <= 0 || args.size() < 2 || !args.get(0).equals("bacula") || !SERVED.contains(args.get(1))) {
                reply.exit(NOT_SERVED);
                return;
            }
            Instant at = Instant.now();
            long started = System.nanoTime();
            int code = run(pid, args, in, reply);
            // logged before the client learns the exit code: once its command returned, the request is in the log
            System.err.printf("%s vmferry agent: %s (client %d): exit %d after %.3f s%n",
                    at.truncatedTo(ChronoUnit.MILLIS), String.join(" ", args), pid, code,
                    (System.nanoTime() - started) / 1e9);
            reply.exit(code);
        } catch (IOException | RuntimeException e) {
            System.err.println("vmferry agent: request failed: " + e);
        }
    }

    private int run(long pid, List<String> args, BufferedReader in, AgentReply reply) {
        AgentIo io = new AgentIo(pid, reply, holds, args.get(1).equals("plugins"));
        Thread.ofPlatform().daemon().name("agent-client-" + pid).start(() -> {
            try {
                in.read(); // the client sends nothing more: this returns when it disconnects
            } catch (IOException e) {
                // the session closed the channel
            }
            io.clientGone();
        });
        VmferryCommand root = VmferryCommand.withConfig(config);
        CommandLine cli = Main.commandLine(root);
        ((BaculaCommand) cli.getSubcommands().get("bacula").getCommand()).io = io;
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        int code = cli.execute(args.toArray(String[]::new));
        return io.finish(code);
    }
}
