package io.vmferry.inventory;

import io.vertx.core.Future;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventType;
import io.vmferry.bus.events.InventoryListing;
import io.vmferry.bus.events.JobAccepted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.InventoryRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.bus.service.ServiceContext;
import io.vmferry.bus.service.ServiceMain;
import io.vmferry.bus.service.SubscribingService;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code inventory.requested} with {@code inventory.listed} (which VMs exist, their disks and
 * config), and plans jobs: a {@code jobs.requested} backup is resolved to its VMs, announced with
 * {@code jobs.accepted}, and handed on as one {@code snapshots.requested} per VM.
 */
public final class InventoryService extends SubscribingService {
    private static final Logger LOGGER = LoggerFactory.getLogger(InventoryService.class);
    public static final int DEFAULT_HTTP_PORT = 9471;

    private QemuInventory inventory;

    public InventoryService() {
        super("inventory", DEFAULT_HTTP_PORT, EventType.INVENTORY_REQUESTED, EventType.JOBS_REQUESTED);
    }

    public static void main(String[] args) {
        ServiceMain.run(new InventoryService(), args);
    }

    @Override
    protected Future<Void> open(ServiceContext context) {
        this.inventory = new QemuInventory(context.vertx(), context.config().hypervisor());
        return Future.succeededFuture();
    }

    /** The adapter behind this service (also used by the other services' planners in the same process). */
    public QemuInventory inventory() {
        return inventory;
    }

    @Override
    protected Future<?> onEvent(Envelope event) {
        return event.type().equals(EventType.JOBS_REQUESTED.type()) ? onJob(event) : onRequest(event);
    }

    private Future<?> onJob(Envelope event) {
        JobRequest job = event.payloadAs(JobRequest.class);
        if (job.onRepository()) {
            return Future.succeededFuture(); // verify and prune: the bridge's, on its repository
        }
        if (!JobRequest.BACKUP.equals(job.kind())) {
            return jobFailed(event, "unknown job kind '" + job.kind() + "'");
        }
        if (!List.of("full", "incremental", "differential").contains(job.level())) {
            return jobFailed(event, "unknown backup level '" + job.level() + "'");
        }
        if (job.rateLimitMib() < 0) {
            return jobFailed(event, "a read rate limit cannot be negative: " + job.rateLimitMib() + " MiB/s");
        }
        String retention = job.prune() == null ? null : job.prune().backupProblem();
        if (retention != null) {
            return jobFailed(event, retention);
        }
        String late = job.lateReason(event.time(), Instant.now());
        if (late != null) {
            LOGGER.warn("job={} {}", event.jobId(), late);
            return ctx().publisher().publish(EventType.JOBS_FINISHED, event.jobId(), null, JobFinished.refused(late));
        }
        return select(new InventoryRequest(job.selection(), job.exclude()))
                .compose(vms -> ctx().publisher().publish(EventType.JOBS_ACCEPTED, event.jobId(), null,
                                new JobAccepted(vms.stream().map(VmInfo::key).toList()))
                        .compose(accepted -> Future.all(vms.stream().map(vm -> ctx().publisher().publish(
                                EventType.SNAPSHOTS_REQUESTED, event.jobId(), vm.key(),
                                new SnapshotRequest(vm, job.level(), job.quiesce(), job.destination(),
                                        job.rateLimitMib(), job.prune()))).toList())))
                .recover(e -> jobFailed(event, e.getMessage()).mapEmpty());
    }

    private Future<?> jobFailed(Envelope event, String message) {
        return ctx().publisher().publish(EventType.JOBS_FINISHED, event.jobId(), null,
                JobFinished.failed(message));
    }

    private Future<?> onRequest(Envelope event) {
        InventoryRequest req = event.payloadAs(InventoryRequest.class);
        String host = ctx().config().hypervisor().host();
        return select(req)
                .map(vms -> new InventoryListing(event.id(), host, vms, null))
                .recover(e -> Future.succeededFuture(new InventoryListing(event.id(), host, List.of(), e.getMessage())))
                .compose(listing -> ctx().publisher()
                        .publish(EventType.INVENTORY_LISTED, event.jobId(), null, listing));
    }

    /** The VMs of this node matching a request. */
    public Future<List<VmInfo>> select(InventoryRequest req) {
        VmSelection selection;
        try {
            selection = VmSelection.parse(req.selection(), req.exclude());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return inventory.list().map(all -> selection.select(all, VmInfo::vmid, VmInfo::name));
    }

}
