package io.vmferry.infra.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The demo VM's private QMP monitor (not the one vmferry uses), for playing the guest: HMP
 * {@code qemu-io} writes through the drive, exactly as guest I/O would arrive.
 */
final class DemoMonitor implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    DemoMonitor(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
        in.readLine();
        send("{\"execute\":\"qmp_capabilities\"}");
    }

    /** Runs {@code qemu-io <drive> "<command>"} (e.g. {@code write -P 0x5a 200M 8M}). */
    void qemuIo(String drive, String command) throws IOException {
        String line = "qemu-io " + drive + " \\\"" + command + "\\\"";
        String reply = send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"" + line + "\"}}");
        if (reply.contains("\"error\"") || reply.contains("Error")) {
            throw new IOException("qemu-io " + command + " failed: " + reply);
        }
    }

    private String send(String json) throws IOException {
        out.write(json + "\n");
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.contains("\"event\"")) {
                return line;
            }
        }
        throw new IOException("QEMU monitor closed");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
