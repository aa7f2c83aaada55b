package io.vmferry.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Encodes envelopes to JSON text and decodes and validates JSON text into envelopes. */
public final class Events {
    /** Largest event accepted; control events are small, bulk data never travels on the bus. */
    public static final int MAX_EVENT_BYTES = 1 << 20;

    private Events() {
    }

    public static String encode(Envelope envelope) {
        try {
            return Json.MAPPER.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode event " + envelope.type(), e);
        }
    }

    /** Decodes one event; every problem is a {@link MalformedEventException} naming the reason. */
    public static Envelope decode(String text) {
        if (text == null) {
            throw new MalformedEventException("empty record value");
        }
        if (text.length() > MAX_EVENT_BYTES) {
            throw new MalformedEventException("event of " + text.length() + " chars exceeds " + MAX_EVENT_BYTES);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedEventException("not JSON: " + Json.firstLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        String id = text(node, "id", true);
        String type = text(node, "type", true);
        if (EventType.ofType(type) == null) {
            throw new MalformedEventException("unknown event type '" + type + "'");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new MalformedEventException("field 'version' must be a positive integer");
        }
        int supported = EventType.ofType(type).version();
        if (version.asInt() > supported) {
            throw new MalformedEventException("event " + type + " version " + version.asInt()
                    + " is newer than supported version " + supported);
        }
        Instant time;
        try {
            time = Instant.parse(text(node, "time", true));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("field 'time' is not an ISO-8601 instant");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("field 'payload' must be an object");
        }
        return new Envelope(id, type, version.asInt(), text(node, "jobId", false), text(node, "vmKey", false),
                text(node, "source", true), time, payload);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedEventException("missing field '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new MalformedEventException("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
