package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.VmHold;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Where one {@code bacula} subcommand's input and output go, and how a watchdog ends it. Run as its own JVM (the
 * bpipe program itself) that is the process's stdin/stdout/stderr and {@code Runtime.halt}; run by the
 * {@link AgentCommand job agent} for a thin client, the client's pipes and the end of that one request.
 */
interface BaculaIo {
    /** The data the File Daemon sends (the bpipe writer's stdin). */
    InputStream dataIn() throws IOException;

    /** Where the data goes to the File Daemon (the bpipe reader's stdout). */
    OutputStream dataOut() throws IOException;

    /** Text lines for stdout (the plugin lines of the generator, the job-log lines of writer and check). */
    PrintStream out();

    /** Text lines for stderr (the job log). */
    PrintStream err();

    /**
     * Makes sure nothing reaches stderr (the generator's: the File Daemon reads it as plugin lines too). A job
     * agent never passes its requests' stderr on for the generator, and logs to its own file.
     */
    void silenceStderr();

    /** The PID of the process the File Daemon started for this command (recorded as the reader in the journal). */
    long pid();

    /** True once {@link #abort} ran or the client went away: a command waiting for something should give up. */
    boolean stopped();

    /**
     * Ends the command from another thread (a watchdog): after this, its pipes are closed and it exits with
     * {@code code}; does not return in a JVM of its own.
     */
    void abort(int code);

    /**
     * Starts the snapshot holder of a VM for a job ({@code vmferry bacula hold HOLDARGS}, {@link HoldCommand}): a
     * detached process of its own here, a thread of the job agent there (no JVM start on the job's critical path).
     */
    void startHolder(VmHold hold, List<String> holdArgs) throws IOException;

    /** This JVM's own stdin, stdout and stderr. */
    static BaculaIo system() {
        return new BaculaIo() {
            @Override
            public InputStream dataIn() {
                return new FileInputStream(FileDescriptor.in);
            }

            @Override
            public OutputStream dataOut() {
                return new FileOutputStream(FileDescriptor.out);
            }

            @Override
            public PrintStream out() {
                return System.out;
            }

            @Override
            public PrintStream err() {
                return System.err;
            }

            @Override
            public void silenceStderr() {
                System.setErr(new PrintStream(OutputStream.nullOutputStream()));
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
                System.setProperty("org.slf4j.simpleLogger.log.io.vmferry", "off");
            }

            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public void startHolder(VmHold hold, List<String> holdArgs)
                    throws IOException {
                HoldLauncher.startProcess(hold, holdArgs);
            }

            @Override
            public boolean stopped() {
                return false; // abort does not return
            }

            @Override
            public void abort(int code) {
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
        };
    }
}
