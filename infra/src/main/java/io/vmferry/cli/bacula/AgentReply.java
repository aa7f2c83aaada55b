package io.vmferry.cli.bacula;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** The agent's side of one request's connection: tagged lines ({@link AgentSession}), safe from any thread. */
final class AgentReply {
    private final SocketChannel channel;

    AgentReply(SocketChannel channel) {
        this.channel = channel;
    }

    /** Sends {@code TAG TEXT}; a client gone meanwhile is not an error here (the session notices it). */
    synchronized void line(String tag, String text) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(tag + " " + text.replace('\n', ' ') + "\n");
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            // the client disconnected
        }
    }

    void exit(int code) {
        line("exit", Integer.toString(code));
    }

    /** A print stream whose lines go out as {@code TAG} lines. */
    PrintStream stream(String tag) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    line(tag, pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }

            @Override
            public synchronized void flush() {
                // lines go out whole, at their newline
            }

            @Override
            public synchronized void close() {
                if (pending.size() > 0) {
                    write('\n');
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
