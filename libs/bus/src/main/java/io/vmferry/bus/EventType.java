package io.vmferry.bus;

/**
 * Every control event: its type name, payload version and topic (DESIGN §2,
 * {@code docs/events.md}). Topics are {@code vmferry.<area>.<event>}; the type is {@code <area>.<event>}.
 */
public enum EventType {
    INVENTORY_REQUESTED("inventory.requested", 1),
    INVENTORY_LISTED("inventory.listed", 1),
    JOBS_REQUESTED("jobs.requested", 1),
    JOBS_ACCEPTED("jobs.accepted", 1),
    JOBS_PROGRESS("jobs.progress", 1),
    JOBS_FINISHED("jobs.finished", 1),
    SNAPSHOTS_REQUESTED("snapshots.requested", 1),
    SNAPSHOTS_READY("snapshots.ready", 1),
    SNAPSHOTS_RELEASED("snapshots.released", 1),
    EXTENTS_REQUESTED("extents.requested", 1),
    EXTENTS_COMPLETED("extents.completed", 1),
    POINTS_STORED("points.stored", 1),
    POINTS_PRUNED("points.pruned", 1),
    CONVERSIONS_REQUESTED("conversions.requested", 1),
    CONVERSIONS_COMPLETED("conversions.completed", 1);

    private final String type;
    private final int version;

    EventType(String type, int version) {
        this.type = type;
        this.version = version;
    }

    public String type() {
        return type;
    }

    public int version() {
        return version;
    }

    /** The Kafka topic carrying this event type. */
    public String topic() {
        return "vmferry." + type;
    }

    /** The dead-letter topic of this event's topic. */
    public String dlqTopic() {
        return topic() + ".dlq";
    }

    /** The type for a type name, or null. */
    public static EventType ofType(String type) {
        for (EventType t : values()) {
            if (t.type.equals(type)) {
                return t;
            }
        }
        return null;
    }
}
