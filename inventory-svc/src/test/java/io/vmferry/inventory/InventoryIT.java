package io.vmferry.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vmferry.bus.Envelope;
import io.vmferry.bus.EventPublisher;
import io.vmferry.bus.EventSubscriber;
import io.vmferry.bus.EventType;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.bus.events.DiskInfo;
import io.vmferry.bus.events.InventoryListing;
import io.vmferry.bus.events.InventoryRequest;
import io.vmferry.bus.events.JobAccepted;
import io.vmferry.bus.events.JobFinished;
import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.bus.events.SnapshotRequest;
import io.vmferry.bus.events.VmInfo;
import io.vmferry.bus.service.ServiceRunner;
import io.vmferry.testkit.LabConfigs;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory service on a lab node with running and stopped VMs, answering over the real bus. */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryIT {
    private QemuLab lab;
    private TestKafka kafka;

    @BeforeAll
    void lab(QemuLab lab, TestKafka kafka) {
        this.lab = lab;
        this.kafka = kafka;
        lab.vm(101).name("web1").cores(2).memory(2048).disk("scsi0", "1G", "qcow2").disk("virtio1", "64M", "raw")
                .cdrom("ide2").start();
        lab.vm(102).name("web2").disk("sata0", "128M", "qcow2").disk("ide1", "32M", "raw").create();
        lab.vm(103).name("db1").memory(4096).disk("virtio0", "256M", "qcow2").start();
    }

    @Test
    void listsEveryVmWithItsDisksThroughTheBus() throws Exception {
        InventoryListing listing = ask(new InventoryRequest("*", List.of()));
        assertNull(listing.error());
        assertEquals(List.of(101, 102, 103), listing.vms().stream().map(VmInfo::vmid).toList());
        VmInfo web1 = listing.vms().get(0);
        assertEquals("lab/101", web1.key());
        assertEquals("running", web1.state());
        assertEquals(2, web1.cores());
        assertEquals(2048, web1.memoryMiB());
        assertEquals(List.of("scsi0", "virtio1"), web1.disks().stream().map(DiskInfo::name).toList(),
                "CD-ROM skipped");
        DiskInfo scsi0 = web1.disks().get(0);
        assertEquals(1L << 30, scsi0.virtualSize());
        assertEquals("qcow2", scsi0.format());
        assertEquals("drive-scsi0", scsi0.device());
        assertEquals(lab.get(101).disk("scsi0").path().toString(), scsi0.path());
        assertEquals("raw", web1.disks().get(1).format());
        assertEquals(64L << 20, web1.disks().get(1).virtualSize());
        VmInfo web2 = listing.vms().get(1);
        assertEquals("stopped", web2.state());
        assertEquals(List.of("ide1:33554432:raw", "sata0:134217728:qcow2"), web2.disks().stream()
                .map(d -> d.name() + ":" + d.virtualSize() + ":" + d.format()).toList());
        assertEquals(4096, listing.vms().get(2).memoryMiB());
    }

    @Test
    void selectionAndExclusion() throws Exception {
        assertEquals(List.of(101, 102), ask(new InventoryRequest("web*", List.of())).vms().stream()
                .map(VmInfo::vmid).toList());
        assertEquals(List.of(103, 102), ask(new InventoryRequest("db1,web2", List.of())).vms().stream()
                .map(VmInfo::vmid).toList());
        assertEquals(List.of(101, 103), ask(new InventoryRequest("*", List.of(102))).vms().stream()
                .map(VmInfo::vmid).toList());
        assertEquals("no VM matches 'mail*'", ask(new InventoryRequest("mail*", List.of())).error());
    }

    @Test
    void findsOneVmByVmid() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            QemuInventory inventory = new QemuInventory(vertx, LabConfigs.of(lab, kafka).hypervisor());
            VmInfo web2 = inventory.find(102).await(60, TimeUnit.SECONDS).orElseThrow();
            assertEquals("web2", web2.name());
            assertEquals("stopped", web2.state());
            assertTrue(inventory.find(199).await(60, TimeUnit.SECONDS).isEmpty());
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void brokenConfigLineIsOneLineErrorWithFileAndLine() throws Exception {
        var bad = lab.confDir().resolve("150.conf");
        Files.writeString(bad, "name: broken\ncores 4\n");
        try {
            String error = ask(new InventoryRequest("*", List.of())).error();
            assertEquals(bad + ":2: expected 'key: value', got 'cores 4'", error);
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void aRequestPastItsStartDeadlineIsRefusedNotStarted() throws Exception {
        Instant past = Instant.now().minusSeconds(1);
        Envelope late = answerTo(new JobRequest("backup", "101", List.of(), "full", false, "local").startingBy(past));
        assertEquals(EventType.JOBS_FINISHED.type(), late.type());
        JobFinished refused = late.payloadAs(JobFinished.class);
        assertEquals("refused", refused.status());
        assertTrue(refused.message().startsWith("not started: the request ("), refused.message());
        assertTrue(refused.message().endsWith(") had to start by " + past), refused.message());

        Envelope inTime = answerTo(new JobRequest("backup", "101", List.of(), "full", false, "local")
                .startingBy(Instant.now().plusSeconds(60)));
        assertEquals(EventType.JOBS_ACCEPTED.type(), inTime.type());
        assertEquals(List.of("lab/101"), inTime.payloadAs(JobAccepted.class).vms());
    }

    @Test
    void aJobsOwnRateLimitAndRetentionGoWithEachSnapshotRequestAndBadOnesFailTheJob() throws Exception {
        PruneOptions keep = new PruneOptions(3, 7, 0, 0, false);
        JobRequest job = new JobRequest("backup", "101", List.of(), "full", false, "local").withRateLimitMib(7)
                .withPrune(keep);
        Envelope req = Envelope.create(EventType.JOBS_REQUESTED, UUID.randomUUID().toString(), null, "test", job);
        SnapshotRequest snapshot = withInventory(List.of(EventType.SNAPSHOTS_REQUESTED), req,
                e -> req.jobId().equals(e.jobId()) ? e.payloadAs(SnapshotRequest.class) : null);
        assertEquals("lab/101", snapshot.vm().key());
        assertEquals(7, snapshot.rateLimitMib());
        assertEquals(keep, snapshot.prune());

        Envelope negative = answerTo(job.withRateLimitMib(-1));
        assertEquals(EventType.JOBS_FINISHED.type(), negative.type());
        assertEquals(JobFinished.failed("a read rate limit cannot be negative: -1 MiB/s"),
                negative.payloadAs(JobFinished.class));
        Envelope dryRun = answerTo(job.withPrune(new PruneOptions(3, 0, 0, 0, true)));
        assertEquals(JobFinished.failed("a backup's retention cannot be a dry run"),
                dryRun.payloadAs(JobFinished.class));
        Envelope keepsNothing = answerTo(job.withPrune(new PruneOptions(0, 0, 0, 0, false)));
        assertEquals(JobFinished.failed("a backup's retention must keep something: keepLast, keepDaily, keepWeekly "
                + "or keepMonthly"), keepsNothing.payloadAs(JobFinished.class));
    }

    /** The inventory's first answer to a job request: {@code jobs.accepted} or {@code jobs.finished}. */
    private Envelope answerTo(JobRequest job) throws Exception {
        Envelope req = Envelope.create(EventType.JOBS_REQUESTED, UUID.randomUUID().toString(), null, "test", job);
        return withInventory(List.of(EventType.JOBS_ACCEPTED, EventType.JOBS_FINISHED), req,
                e -> req.jobId().equals(e.jobId()) ? e : null);
    }

    private InventoryListing ask(InventoryRequest request) throws Exception {
        Envelope req = Envelope.create(EventType.INVENTORY_REQUESTED, null, null, "test", request);
        InventoryListing l = withInventory(List.of(EventType.INVENTORY_LISTED), req, e -> {
            InventoryListing listing = e.payloadAs(InventoryListing.class);
            return req.id().equals(listing.requestId()) ? listing : null;
        });
        assertTrue(l.host().equals(LabConfigs.HOST));
        return l;
    }

    /** Publishes {@code request} to a running inventory service; returns the first answer {@code match} maps. */
    private <T> T withInventory(List<EventType> answers, Envelope request, Function<Envelope, T> match)
            throws Exception {
        VmferryConfig cfg = LabConfigs.of(lab, kafka);
        var bus = kafka.bus(2);
        TopicSetup.ensureTopics(bus);
        Vertx vertx = Vertx.vertx();
        try {
            ServiceRunner runner = new ServiceRunner(vertx);
            runner.start(new InventoryService(), cfg, bus, false).await(30, TimeUnit.SECONDS);
            EventPublisher pub = EventPublisher.create(vertx, bus, "test");
            CompletableFuture<T> answer = new CompletableFuture<>();
            EventSubscriber.start(vertx, bus, "inv-test-" + request.id(), answers, e -> {
                T t = match.apply(e);
                if (t != null) {
                    answer.complete(t);
                }
                return Future.succeededFuture();
            }, pub, null).await(30, TimeUnit.SECONDS);
            pub.publish(request).await(10, TimeUnit.SECONDS);
            T t = answer.get(60, TimeUnit.SECONDS);
            runner.stopAll().await(30, TimeUnit.SECONDS);
            return t;
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
