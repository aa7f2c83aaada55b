package io.vmferry.formats.config;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Hands out free Proxmox bus slots ({@code scsi0..30}, {@code sata0..5}, {@code ide0..3}, {@code virtio0..15}). */
final class BusAllocator {
    private static final Map<String, Integer> SLOTS = Map.of("ide", 4, "sata", 6, "scsi", 31, "virtio", 16);
    private final Map<String, TreeSet<Integer>> used = new HashMap<>();

    /** Number of slots on {@code bus}. */
    static int slots(String bus) {
        return SLOTS.getOrDefault(bus, 0);
    }

    /** Takes {@code index} on {@code bus}; an occupied or out-of-range slot is an error naming {@code device}. */
    int take(String device, String bus, int index) throws ConfigException {
        if (index < 0 || index >= slots(bus)) {
            throw new ConfigException(device + ": Proxmox has no slot " + bus + index + " (" + bus + "0.." + bus + (slots(bus) - 1) + ")");
        }
        if (!used.computeIfAbsent(bus, b -> new TreeSet<>()).add(index)) {
            throw new ConfigException(device + ": slot " + bus + index + " is already taken");
        }
        return index;
    }

    /** Takes the lowest free slot on {@code bus} from {@code from} on. */
    int next(String device, String bus, int from) throws ConfigException {
        TreeSet<Integer> taken = used.computeIfAbsent(bus, b -> new TreeSet<>());
        for (int i = from; i < slots(bus); i++) {
            if (!taken.contains(i)) {
                return take(device, bus, i);
            }
        }
        throw new ConfigException(device + ": no free " + bus + " slot left (Proxmox has " + slots(bus) + ")");
    }
}
