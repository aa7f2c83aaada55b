package io.vmferry.bus.events;

import java.util.List;

/** Payload of {@code jobs.accepted}: the VMs a job will touch; each later gets one {@code jobs.finished}. */
public record JobAccepted(List<String> vms) {
}
