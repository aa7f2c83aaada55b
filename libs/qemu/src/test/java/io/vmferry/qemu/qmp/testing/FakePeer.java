package io.vmferry.qemu.qmp.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted QMP/guest-agent peer on a unix socket: sends {@code onConnect} bytes to each new client, then hands every
 * received line (without {@code \n}) and the socket to the script.
 */
public final class FakePeer implements AutoCloseable {
    private final NetServer server;
    private final Path path;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

    private FakePeer(NetServer server, Path path) {
        this.server = server;
        this.path = path;
    }

    /** Starts listening on {@code dir/peer.sock}. */
    public static FakePeer start(Vertx vertx, Path dir, Buffer onConnect, BiConsumer<String, NetSocket> script)
            throws Exception {
        Path path = dir.resolve("peer.sock");
        Files.deleteIfExists(path);
        FakePeer[] self = new FakePeer[1];
        NetServer server = vertx.createNetServer().connectHandler(s -> {
            self[0].sockets.add(s);
            if (onConnect != null && onConnect.length() > 0) {
                s.write(onConnect);
            }
            RecordParser.newDelimited("\n", s).handler(line -> {
                String text = line.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                self[0].received.add(text);
                script.accept(text, s);
            });
        });
        self[0] = new FakePeer(server, path);
        Await.result(server.listen(SocketAddress.domainSocketAddress(path.toString())));
        return self[0];
    }

    /** The socket path. */
    public String path() {
        return path.toString();
    }

    /** Every line received so far, decoded as ISO-8859-1 (so a {@code 0xFF} byte shows as {@code ÿ}). */
    public List<String> received() {
        return received;
    }

    /** Closes every accepted connection. */
    public void dropClients() {
        sockets.forEach(NetSocket::close);
    }

    @Override
    public void close() {
        Await.result(server.close());
    }
}
