package io.vmferry.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every control event travels in (DESIGN §2). The payload is the versioned,
 * type-specific record serialised as a JSON object; {@link Events} maps it to and from Java records.
 *
 * @param id      unique event id (UUID); handlers are idempotent by it
 * @param type    event type, e.g. {@code inventory.requested}
 * @param version payload schema version, starting at 1
 * @param jobId   the job this event belongs to, or null
 * @param vmKey   {@code <host>/<vmid>}, also the Kafka key; null for fleet-wide events
 * @param source  the emitting service, e.g. {@code inventory-svc}
 * @param time    when the event was created
 * @param payload the payload object
 */
public record Envelope(String id, String type, int version, String jobId, String vmKey,
                       String source, Instant time, JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new envelope with a fresh id and the current time. */
    public static Envelope create(EventType type, String jobId, String vmKey, String source, Object payload) {
        return new Envelope(UUID.randomUUID().toString(), type.type(), type.version(), jobId, vmKey, source,
                Instant.now(), Json.MAPPER.valueToTree(payload));
    }

    /** The payload as the given record type. */
    public <T> T payloadAs(Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(payload, type);
        } catch (Exception e) {
            throw new MalformedEventException("payload of " + this.type + " is not a valid " + type.getSimpleName()
                    + ": " + Json.firstLine(e.getMessage()));
        }
    }

    /** The Kafka record key: the VM key, or the event id for fleet-wide events. */
    public String key() {
        return vmKey != null ? vmKey : id;
    }
}
