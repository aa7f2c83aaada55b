package io.vmferry.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.bus.events.JobRequest;
import io.vmferry.bus.events.PointsPruned;
import io.vmferry.bus.events.PruneOptions;
import io.vmferry.bus.events.VerifyOptions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsTest {
    record Sample(String selection, List<String> exclude, long bytes) {
    }

    @Test
    void envelopeRoundTripKeepsEveryField() {
        Envelope e = Envelope.create(EventType.INVENTORY_REQUESTED, "job-1", "pve1/101", "cli",
                new Sample("web*", List.of("102"), 1L << 40));
        Envelope back = Events.decode(Events.encode(e));
        assertEquals(e, back);
        assertEquals(new Sample("web*", List.of("102"), 1L << 40), back.payloadAs(Sample.class));
        assertEquals("pve1/101", back.key());
        assertEquals("vmferry.inventory.requested", EventType.INVENTORY_REQUESTED.topic());
    }

    @Test
    void fleetEventIsKeyedByItsId() {
        Envelope e = Envelope.create(EventType.INVENTORY_REQUESTED, null, null, "cli", new Sample("*", List.of(), 0));
        assertEquals(e.id(), e.key());
    }

    @Test
    void malformedEventsNameTheReason() {
        assertReason("not JSON", "{nope");
        assertReason("not a JSON object", "[1,2]");
        assertReason("missing field 'id'", "{\"type\":\"jobs.requested\"}");
        assertReason("unknown event type 'x.y'", "{\"id\":\"1\",\"type\":\"x.y\"}");
        assertReason("field 'version' must be a positive integer",
                "{\"id\":\"1\",\"type\":\"jobs.requested\",\"version\":0}");
        assertReason("newer than supported", "{\"id\":\"1\",\"type\":\"jobs.requested\",\"version\":9}");
        assertReason("field 'time' is not an ISO-8601 instant",
                "{\"id\":\"1\",\"type\":\"jobs.requested\",\"version\":1,\"source\":\"t\",\"time\":\"yesterday\"}");
        assertReason("field 'payload' must be an object", "{\"id\":\"1\",\"type\":\"jobs.requested\",\"version\":1,"
                + "\"source\":\"t\",\"time\":\"2026-11-22T05:00:00Z\",\"payload\":3}");
        assertReason("field 'source' must be a non-empty string", "{\"id\":\"1\",\"type\":\"jobs.requested\","
                + "\"version\":1,\"source\":\"\",\"time\":\"2026-11-22T05:00:00Z\",\"payload\":{}}");
        assertReason("empty record value", null);
    }

    @Test
    void payloadOfWrongShapeIsMalformed() {
        Envelope e = Envelope.create(EventType.JOBS_REQUESTED, null, null, "t", java.util.Map.of("bytes", "many"));
        var ex = assertThrows(MalformedEventException.class, () -> e.payloadAs(Sample.class));
        assertTrue(ex.getMessage().startsWith("payload of jobs.requested is not a valid Sample"), ex.getMessage());
    }

    @Test
    void pointsPrunedAsDocumentedDecodes() {
        // the example of docs/events.md, "points.pruned"
        Envelope e = Events.decode("{\"id\":\"f3\",\"type\":\"points.pruned\",\"version\":1,"
                + "\"jobId\":\"5b0e2f4c\",\"vmKey\":\"pve1/101\",\"source\":\"bridge-svc\","
                + "\"time\":\"2026-11-22T05:40:04.2Z\",\"payload\":{\"afterPoint\":\"20261122T054000Z-3f2a\","
                + "\"removed\":[\"20261115T054000Z-77c0\"],\"bytesFreed\":2147649876,\"inUse\":[]}}");
        assertEquals(EventType.POINTS_PRUNED.type(), e.type());
        assertEquals(new PointsPruned("20261122T054000Z-3f2a", List.of("20261115T054000Z-77c0"), 2147649876L,
                List.of()), e.payloadAs(PointsPruned.class));
    }

    @Test
    void aBackupRequestAsDocumentedCarriesItsRateLimitAndRetention() {
        // the example of docs/events.md, "jobs.requested"
        JobRequest backup = Events.decode("{\"id\":\"c1\",\"type\":\"jobs.requested\",\"version\":1,"
                + "\"jobId\":\"5b0e2f4c\",\"source\":\"cli\",\"time\":\"2026-11-22T05:40:00Z\","
                + "\"payload\":{\"kind\":\"backup\",\"selection\":\"web*\",\"exclude\":[102],"
                + "\"level\":\"incremental\",\"quiesce\":true,\"destination\":\"local\","
                + "\"startBy\":\"2026-11-22T05:41:00Z\",\"rateLimitMib\":50,\"prune\":{\"keepLast\":3,"
                + "\"keepDaily\":7,\"keepWeekly\":4,\"keepMonthly\":0,\"dryRun\":false}}}").payloadAs(JobRequest.class);
        assertEquals(new JobRequest("backup", "web*", List.of(102), "incremental", true, "local")
                .startingBy(Instant.parse("2026-11-22T05:41:00Z")).withRateLimitMib(50)
                .withPrune(new PruneOptions(3, 7, 4, 0, false)), backup);
        assertNull(backup.prune().backupProblem());
        assertEquals(0, new JobRequest("backup", "*", null, "full", true, "local").rateLimitMib(), "none by default");
    }

    @Test
    void repositoryJobRequestsAsDocumentedDecode() {
        // the examples of docs/events.md, "Verify and prune jobs"
        JobRequest verify = Events.decode("{\"id\":\"d1\",\"type\":\"jobs.requested\",\"version\":1,"
                + "\"jobId\":\"nightly-verify\",\"source\":\"automation\",\"time\":\"2026-11-23T02:00:00Z\","
                + "\"payload\":{\"kind\":\"verify\",\"selection\":\"*\",\"verify\":{\"outdatedAfterDays\":30}}}")
                .payloadAs(JobRequest.class);
        assertEquals(JobRequest.verify("*", new VerifyOptions(null, 30)), verify);
        assertEquals("local", verify.destination());
        assertTrue(verify.onRepository());
        JobRequest prune = Events.decode("{\"id\":\"d2\",\"type\":\"jobs.requested\",\"version\":1,"
                + "\"jobId\":\"nightly-prune\",\"source\":\"automation\",\"time\":\"2026-11-23T03:00:00Z\","
                + "\"payload\":{\"kind\":\"prune\",\"selection\":\"101\",\"prune\":{\"keepLast\":3,\"keepDaily\":7,"
                + "\"keepWeekly\":4,\"keepMonthly\":6,\"dryRun\":false}}}").payloadAs(JobRequest.class);
        assertEquals(JobRequest.prune("101", new PruneOptions(3, 7, 4, 6, false)), prune);
        assertFalse(new JobRequest("backup", "*", null, "full", true, "local").onRepository());
        Instant by = Instant.parse("2026-11-23T03:01:00Z");
        assertNull(prune.startingBy(by).lateReason(Instant.parse("2026-11-23T03:00:00Z"), by));
        assertEquals("not started: the request (2026-11-23T03:00:00Z) had to start by 2026-11-23T03:01:00Z",
                prune.startingBy(by).lateReason(Instant.parse("2026-11-23T03:00:00Z"), by.plusMillis(1)));
    }

    private static void assertReason(String expected, String text) {
        var ex = assertThrows(MalformedEventException.class, () -> Events.decode(text));
        assertEquals(true, ex.getMessage().contains(expected), ex.getMessage());
    }
}
