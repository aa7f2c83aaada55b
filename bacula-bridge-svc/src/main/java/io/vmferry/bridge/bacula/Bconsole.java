package io.vmferry.bridge.bacula;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Director client that runs {@code bconsole -n -c CONF} with the commands on stdin, one session per call.
 * Every call is bounded by a timeout; failures are {@link BconsoleException}s with one-line messages.
 *
 * <p>Gotcha: a Bacula job whose bpipe reader failed ends {@code T} with {@code JobErrors > 0}; use
 * {@link JobStatus#succeeded()}, never the status letter alone.
 */
public final class Bconsole {
    private static final Logger LOGGER = LoggerFactory.getLogger(Bconsole.class);
    private static final Duration SLOW_POLL = Duration.ofSeconds(1);
    private static final Duration FAST_POLL = Duration.ofMillis(100);
    private final BconsoleOptions options;

    /** A client for the Director that {@code options.config()} names. */
    public Bconsole(BconsoleOptions options) {
        this.options = options;
    }

    /** The options this client runs with. */
    public BconsoleOptions options() {
        return options;
    }

    /** Runs commands in one session with the default timeout and returns everything bconsole printed. */
    public String execute(List<String> commands) {
        return execute(options.timeout(), commands);
    }

    /** Runs commands in one session, killing bconsole after {@code timeout}. */
    public String execute(Duration timeout, List<String> commands) {
        for (String c : commands) {
            if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("bconsole command with a line break: " + c);
            }
        }
        long seconds = Math.max(1, timeout.toSeconds());
        List<String> argv = List.of(options.binary().toString(), "-n", "-u", Long.toString(seconds),
                "-c", options.config().toString());
        LOGGER.debug("bconsole {}", commands);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BconsoleException("cannot run " + options.binary() + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                    Thread::startVirtualThread);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOGGER.debug("bconsole closed stdin early: {}", e.getMessage());
            }
            if (!process.waitFor(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                throw new BconsoleException("bconsole timed out after " + timeout.toSeconds() + " s running "
                        + commands);
            }
            String out = output.get(5, TimeUnit.SECONDS);
            if (!out.contains("1000 OK")) {
                throw new BconsoleException("bconsole could not reach the Director (" + options.config() + "): "
                        + BconsoleOutput.problem(out, "\u0000"));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BconsoleException("interrupted running bconsole " + commands, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BconsoleException("cannot read bconsole output: " + e.getMessage(), e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Starts a job ({@code run job=NAME [level=LEVEL] yes}) and returns its JobId. */
    public long run(String job, String baculaLevel) {
        checkValue(job);
        String cmd = "run job=\"" + job + "\"" + (baculaLevel == null ? "" : " level=" + baculaLevel) + " yes";
        return queued(cmd, execute(List.of(cmd)));
    }

    /** The catalog record of a job. */
    public JobStatus status(long jobId) {
        String cmd = "llist jobid=" + jobId;
        return BconsoleOutput.jobStatus(jobId, execute(List.of(cmd)));
    }

    /** Backup jobs of a client that ended with status {@code T}, oldest first (filter on {@link JobStatus#succeeded()}). */
    public List<JobStatus> terminatedBackups(String client) {
        checkValue(client);
        String out = execute(List.of("llist jobs client=\"" + client + "\" jobstatus=T"));
        return BconsoleOutput.llistAll(out).stream().filter(r -> r.containsKey("jobstatus"))
                .map(BconsoleOutput::jobStatus).filter(s -> s.type() == 'B').toList();
    }

    /** Restore jobs running now (status {@code R}), on any client. */
    public List<JobStatus> runningRestores() {
        String out = execute(List.of("llist jobs jobstatus=R"));
        return BconsoleOutput.llistAll(out).stream().filter(r -> r.containsKey("jobstatus"))
                .map(BconsoleOutput::jobStatus).filter(s -> s.type() == 'R').toList();
    }

    /** Blocks until the job ended (bounded by {@code timeout}) and returns its record; asks once a second. */
    public JobStatus await(long jobId, Duration timeout) {
        return await(jobId, timeout, () -> false);
    }

    /**
     * Blocks until the job ended (bounded by {@code timeout}) and returns its record. Asks the Director once a second,
     * as bconsole's own {@code wait} does, and every 100 ms while {@code nearlyDone} holds: a caller that sees the
     * job's data through (a restore whose writers delivered every disk) learns of the job's end within 0.1 s instead
     * of up to a second later.
     */
    public JobStatus await(long jobId, Duration timeout, BooleanSupplier nearlyDone) {
        long start = System.nanoTime();
        long asked = start - SLOW_POLL.toNanos();
        while (true) {
            Duration interval = nearlyDone.getAsBoolean() ? FAST_POLL : SLOW_POLL;
            if (System.nanoTime() - asked >= interval.toNanos()) {
                asked = System.nanoTime();
                JobStatus status = status(jobId);
                if (status.terminated()) {
                    return status;
                }
                if (asked - start > timeout.toNanos()) {
                    throw new BconsoleException(status.describe() + " still not finished after " + timeout.toSeconds()
                            + " s");
                }
            }
            try {
                Thread.sleep(FAST_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BconsoleException("interrupted waiting for job " + jobId, e);
            }
        }
    }

    /** The job log ({@code llist joblog jobid=N}), one entry per message. */
    public List<String> jobLog(long jobId) {
        return BconsoleOutput.jobLog(execute(List.of("llist joblog jobid=" + jobId)));
    }

    /** Queues a restore and returns its JobId. */
    public long restore(RestoreRequest request) {
        String cmd = request.command();
        return queued(cmd, execute(List.of(cmd)));
    }

    /** Cancels a job; false when the Director says it is not running. */
    public boolean cancel(long jobId) {
        String out = execute(List.of("cancel jobid=" + jobId + " yes"));
        if (out.contains("marked to be canceled")) {
            return true;
        }
        if (out.contains("is not running")) {
            return false;
        }
        throw new BconsoleException("cancel jobid=" + jobId + " failed: " + BconsoleOutput.problem(out, "cancel"));
    }

    /** Re-reads the Director configuration ({@code reload}). */
    public void reload() {
        execute(List.of("reload"));
    }

    /** Runs commands after {@code .api 2} (tab-separated output) and returns the output. */
    String executeApi(List<String> commands) {
        List<String> all = new ArrayList<>();
        all.add(".api 2");
        all.addAll(commands);
        return execute(all);
    }

    static long queued(String cmd, String out) {
        return BconsoleOutput.queuedJobId(out).orElseThrow(() -> new BconsoleException(
                "'" + cmd + "' queued no job: " + BconsoleOutput.problem(out, cmd.split(" ")[0])));
    }

    static void checkValue(String value) {
        if (value.isEmpty() || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad bconsole argument '" + value + "'");
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
