package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.VmHold;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BaculaIo} for one agent request: the data comes from and goes to the thin client's own stdin and
 * stdout, the File Daemon's pipes, opened again through {@code /proc/PID/fd} (so the stream does not pass through
 * the client: no extra copy); text lines go to the client over the request's connection. {@link #abort} and a
 * client that disconnects close those pipes, which ends any read or write blocked on them.
 */
final class AgentIo implements BaculaIo {
    private final long pid;
    private final AgentReply reply;
    private final AgentHolds holds;
    private final PrintStream outLines;
    private final PrintStream errLines;
    private final List<FileChannel> opened = new ArrayList<>();
    private boolean finished;
    private String stopped;
    private int abortCode = -1;

    /**
     * @param pid      the client's PID
     * @param reply    the request's connection
     * @param holds    the agent's snapshot holders
     * @param quietErr drop stderr lines (the generator's stderr would become plugin lines)
     */
    AgentIo(long pid, AgentReply reply, AgentHolds holds, boolean quietErr) {
        this.pid = pid;
        this.reply = reply;
        this.holds = holds;
        this.outLines = reply.stream("out");
        this.errLines = quietErr ? new PrintStream(OutputStream.nullOutputStream()) : reply.stream("err");
    }

    @Override
    public InputStream dataIn() throws IOException {
        return new FilterInputStream(Channels.newInputStream(open(0, StandardOpenOption.READ))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw stoppedOr(e);
                }
            }
        };
    }

    @Override
    public OutputStream dataOut() throws IOException {
        return new FilterOutputStream(Channels.newOutputStream(open(1, StandardOpenOption.WRITE))) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw stoppedOr(e);
                }
            }
        };
    }

    private synchronized FileChannel open(int fd, OpenOption mode) throws IOException {
        if (stopped != null) {
            throw new IOException(stopped);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(Path.of("/proc/" + pid + "/fd/" + fd), mode);
        } catch (IOException e) {
            throw new IOException("cannot open the pipe of the bpipe client (PID " + pid + ", fd " + fd + "): " + e);
        }
        opened.add(ch);
        return ch;
    }

    private synchronized IOException stoppedOr(IOException e) {
        return stopped == null ? e : new IOException(stopped, e);
    }

    @Override
    public PrintStream out() {
        return outLines;
    }

    @Override
    public PrintStream err() {
        return errLines;
    }

    @Override
    public synchronized boolean stopped() {
        return stopped != null;
    }

    @Override
    public void silenceStderr() {
        // err is dropped for the generator already (see the constructor); the agent's own stderr is its log
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void startHolder(VmHold hold, List<String> holdArgs) {
        holds.start(hold, holdArgs);
    }

    @Override
    public void abort(int code) {
        synchronized (this) {
            abortCode = code;
        }
        stop("aborted");
    }

    /** The client disconnected: stops the command if it still runs. */
    void clientGone() {
        stop("the bpipe client (PID " + pid + ") ended");
    }

    private void stop(String reason) {
        synchronized (this) {
            if (finished || stopped != null) {
                return;
            }
            stopped = reason;
        }
        closePipes(); // a read or write blocked on them returns at once
    }

    /**
     * The command returned {@code code}: closes the client's pipes (before the client is told to exit: the File
     * Daemon's end of file is the last writer's close) and returns the code to report.
     */
    int finish(int code) {
        synchronized (this) {
            finished = true;
        }
        outLines.close();
        errLines.close();
        closePipes();
        synchronized (this) {
            return abortCode >= 0 ? abortCode : code;
        }
    }

    private void closePipes() {
        List<FileChannel> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(opened);
        }
        for (FileChannel ch : toClose) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing is all that is left to do
            }
        }
    }
}
