package io.vmferry.snapshot;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A guest agent served by test code on a unix socket (a real agent would freeze the host's file
 * systems): answers sync, freeze, thaw and freeze status, and records the commands in order.
 */
final class FakeGuestAgent implements AutoCloseable {
    final List<String> log = new CopyOnWriteArrayList<>();
    /** The guest's file systems as the agent reports them; tests may start it frozen. */
    volatile boolean frozen;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final Consumer<String> onCommand;

    FakeGuestAgent(Path socket, Consumer<String> onCommand) throws IOException {
        Files.deleteIfExists(socket);
        this.onCommand = onCommand;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (c.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        byte b = buf.get();
                        if (b == (byte) 0xFF) {
                            continue;
                        }
                        if (b == '\n') {
                            answer(c, new JsonObject(line.toString(StandardCharsets.UTF_8)));
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(SocketChannel c, JsonObject req) throws IOException {
        String cmd = req.getString("execute");
        Object ret = switch (cmd) {
            case "guest-sync-delimited", "guest-sync" -> req.getJsonObject("arguments").getValue("id");
            case "guest-fsfreeze-freeze", "guest-fsfreeze-thaw" -> {
                frozen = cmd.equals("guest-fsfreeze-freeze");
                yield 1;
            }
            case "guest-fsfreeze-status" -> frozen ? "frozen" : "thawed";
            default -> new JsonObject();
        };
        if (!cmd.startsWith("guest-sync")) {
            log.add(cmd);
            onCommand.accept(cmd);
        }
        byte[] out = (new JsonObject().put("return", ret).encode() + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer reply = ByteBuffer.allocate(out.length + 1);
        if (cmd.equals("guest-sync-delimited")) {
            reply.put((byte) 0xFF);
        }
        reply.put(out).flip();
        while (reply.hasRemaining()) {
            c.write(reply);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
