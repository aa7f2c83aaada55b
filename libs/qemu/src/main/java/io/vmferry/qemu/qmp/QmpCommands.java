package io.vmferry.qemu.qmp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.qmp.internal.Polling;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The QMP commands a backup needs, typed and in one place (JSON verified on QEMU 7.2; see
 * {@code shared/notes/qemu-cbt.md} §4). Anything else goes through {@link QmpClient#execute} directly.
 */
public final class QmpCommands {
    private final QmpClient client;

    public QmpCommands(QmpClient client) {
        this.client = client;
    }

    /** The underlying client. */
    public QmpClient client() {
        return client;
    }

    /** {@code query-status}. */
    public Future<VmStatus> queryStatus() {
        return client.execute("query-status").map(VmStatus::from);
    }

    /** {@code query-block}: one entry per BlockBackend ({@code drive-scsi0}, empty CD-ROM drives too). */
    public Future<List<BlockInfo>> queryBlock() {
        return list("query-block", null, BlockInfo::from);
    }

    /** {@code query-named-block-nodes} with {@code flat: true}: every node, with its dirty bitmaps. */
    public Future<List<BlockNode>> queryNamedBlockNodes() {
        return list("query-named-block-nodes", new JsonObject().put("flat", true), BlockNode::from);
    }

    /** {@code query-block-exports}. */
    public Future<List<BlockExport>> queryBlockExports() {
        return list("query-block-exports", null, BlockExport::from);
    }

    /** {@code query-jobs}. */
    public Future<List<QmpJob>> queryJobs() {
        return list("query-jobs", null, QmpJob::from);
    }

    /** Runs one action as a plain command. */
    public Future<Void> run(QmpAction action) {
        return client.execute(action.type(), action.data()).mapEmpty();
    }

    /** {@code transaction}: all actions or none (an error rolls back every one). */
    public Future<Void> transaction(List<QmpAction> actions) {
        JsonArray list = new JsonArray(actions.stream().map(QmpAction::toJson).toList());
        return client.execute("transaction", new JsonObject().put("actions", list)).mapEmpty();
    }

    /** {@code transaction} of the given actions. */
    public Future<Void> transaction(QmpAction... actions) {
        return transaction(Arrays.asList(actions));
    }

    /** {@code blockdev-add} with the given options (driver, node-name, file, ...). */
    public Future<Void> blockdevAdd(JsonObject options) {
        return client.execute("blockdev-add", options).mapEmpty();
    }

    /**
     * {@code blockdev-add} of a qcow2 image file as node {@code nodeName}; {@code backingNode} may be null (a fleecing
     * target has the disk's format node as backing, a snapshot-access target none).
     */
    public Future<Void> blockdevAddQcow2(String nodeName, String filename, String backingNode) {
        JsonObject options = new JsonObject().put("driver", "qcow2").put("node-name", nodeName)
                .put("file", new JsonObject().put("driver", "file").put("filename", filename));
        if (backingNode != null) {
            options.put("backing", backingNode);
        }
        return blockdevAdd(options);
    }

    /** {@code blockdev-del}. */
    public Future<Void> blockdevDel(String nodeName) {
        return client.execute("blockdev-del", new JsonObject().put("node-name", nodeName)).mapEmpty();
    }

    /** {@code block-dirty-bitmap-add}. */
    public Future<Void> bitmapAdd(String node, String name, long granularity, boolean persistent, boolean disabled) {
        return run(QmpAction.bitmapAdd(node, name, granularity, persistent, disabled));
    }

    /** {@code block-dirty-bitmap-remove}. */
    public Future<Void> bitmapRemove(String node, String name) {
        return run(QmpAction.bitmapRemove(node, name));
    }

    /** {@code block-dirty-bitmap-clear}. */
    public Future<Void> bitmapClear(String node, String name) {
        return run(QmpAction.bitmapClear(node, name));
    }

    /** {@code block-dirty-bitmap-merge} of {@code sources} into {@code target}, all on {@code node}. */
    public Future<Void> bitmapMerge(String node, String target, List<String> sources) {
        return run(QmpAction.bitmapMerge(node, target, sources));
    }

    /** {@code nbd-server-start} on a unix socket. */
    public Future<Void> nbdServerStartUnix(String path) {
        return nbdServerStart(new JsonObject().put("type", "unix").put("data", new JsonObject().put("path", path)), null);
    }

    /** {@code nbd-server-start} on TCP; {@code tlsCreds} is the id of a {@code tls-creds-*} object, or null. */
    public Future<Void> nbdServerStartInet(String host, int port, String tlsCreds) {
        JsonObject data = new JsonObject().put("host", host).put("port", Integer.toString(port));
        return nbdServerStart(new JsonObject().put("type", "inet").put("data", data), tlsCreds);
    }

    private Future<Void> nbdServerStart(JsonObject legacyAddress, String tlsCreds) {
        JsonObject args = new JsonObject().put("addr", legacyAddress);
        if (tlsCreds != null) {
            args.put("tls-creds", tlsCreds);
        }
        return client.execute("nbd-server-start", args).mapEmpty();
    }

    /** {@code nbd-server-stop}. */
    public Future<Void> nbdServerStop() {
        return client.execute("nbd-server-stop").mapEmpty();
    }

    /**
     * {@code block-export-add} of a read-only NBD export named {@code exportName}. Export only disabled bitmaps: an
     * enabled one in {@code {node, name}} form is accepted and then moves under the client.
     */
    public Future<Void> blockExportAdd(String id, String nodeName, String exportName, List<BitmapRef> bitmaps,
            boolean allocationDepth) {
        JsonObject args = new JsonObject().put("type", "nbd").put("id", id).put("node-name", nodeName)
                .put("name", exportName).put("writable", false)
                .put("bitmaps", new JsonArray(bitmaps.stream().map(BitmapRef::toJson).toList()));
        if (allocationDepth) {
            args.put("allocation-depth", true);
        }
        return client.execute("block-export-add", args).mapEmpty();
    }

    /** {@code block-export-del}; {@code hard} drops connected clients. Removal completes later: see {@link #waitExportGone}. */
    public Future<Void> blockExportDel(String id, boolean hard) {
        JsonObject args = new JsonObject().put("id", id);
        if (hard) {
            args.put("mode", "hard");
        }
        return client.execute("block-export-del", args).mapEmpty();
    }

    /** {@code block-job-cancel}; see {@link #waitJobGone}. */
    public Future<Void> blockJobCancel(String jobId) {
        return client.execute("block-job-cancel", new JsonObject().put("device", jobId)).mapEmpty();
    }

    /** {@code job-dismiss} of a concluded {@code auto-dismiss: false} job. */
    public Future<Void> jobDismiss(String jobId) {
        return client.execute("job-dismiss", new JsonObject().put("id", jobId)).mapEmpty();
    }

    /**
     * {@code human-monitor-command}: the HMP output. Note {@code qemu-io} prints its results on QEMU's stdout, not
     * here; this returns {@code ""} or an {@code Error: ...} line.
     */
    public Future<String> humanMonitorCommand(String commandLine) {
        return client.call("human-monitor-command", new JsonObject().put("command-line", commandLine))
                .map(String::valueOf);
    }

    /** Polls {@code query-block-exports} until export {@code id} is gone. */
    public Future<Void> waitExportGone(String id, Duration timeout) {
        return poll(() -> queryBlockExports().map(l -> l.stream().noneMatch(e -> e.id().equals(id))
                ? Optional.of(Boolean.TRUE) : Optional.empty()), timeout, "export '" + id + "' still present")
                .mapEmpty();
    }

    /** Polls {@code query-jobs} until job {@code id} is gone. */
    public Future<Void> waitJobGone(String id, Duration timeout) {
        return poll(() -> queryJobs().map(l -> l.stream().noneMatch(j -> j.id().equals(id))
                ? Optional.of(Boolean.TRUE) : Optional.empty()), timeout, "job '" + id + "' still present")
                .mapEmpty();
    }

    /** Polls {@code query-jobs} until job {@code id} is concluded, and returns it (check {@link QmpJob#error()}). */
    public Future<QmpJob> waitJobConcluded(String id, Duration timeout) {
        return poll(() -> queryJobs().map(l -> l.stream().filter(j -> j.id().equals(id) && j.concluded()).findFirst()),
                timeout, "job '" + id + "' not concluded");
    }

    private <T> Future<T> poll(Supplier<Future<Optional<T>>> check, Duration timeout, String what) {
        return Polling.until(client.vertx(), check, client.options().pollInterval(), timeout, what);
    }

    private <T> Future<List<T>> list(String command, JsonObject args, Function<JsonObject, T> parse) {
        return client.query(command, args).map(a -> a.stream().map(o -> parse.apply((JsonObject) o)).toList());
    }
}
