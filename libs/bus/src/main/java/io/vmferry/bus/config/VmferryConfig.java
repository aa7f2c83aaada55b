package io.vmferry.bus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The whole user configuration (DESIGN §5); every key is optional. */
public record VmferryConfig(HypervisorConfig hypervisor, RepositoryConfig repository, BusConfig bus,
                            Map<String, ServiceConfig> services) {

    @JsonCreator
    public VmferryConfig(@JsonProperty("hypervisor") HypervisorConfig hypervisor,
                         @JsonProperty("repository") RepositoryConfig repository,
                         @JsonProperty("bus") BusConfig bus,
                         @JsonProperty("services") Map<String, ServiceConfig> services) {
        this.hypervisor = hypervisor == null ? HypervisorConfig.defaults() : hypervisor;
        this.repository = repository == null ? RepositoryConfig.defaults() : repository;
        this.bus = bus == null ? BusConfig.defaults() : bus;
        this.services = services == null ? Map.of() : Map.copyOf(services);
    }

    public static VmferryConfig defaults() {
        return new VmferryConfig(null, null, null, null);
    }

    /** Settings of one service ({@code inventory}, {@code snapshot}, ...), never null. */
    public ServiceConfig service(String name) {
        return services.getOrDefault(name, new ServiceConfig(null));
    }

    public VmferryConfig withBus(BusConfig newBus) {
        return new VmferryConfig(hypervisor, repository, newBus, services);
    }
}
