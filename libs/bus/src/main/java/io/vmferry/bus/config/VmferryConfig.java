package io.vmferry.bus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The whole user configuration (DESIGN §5); every key is optional. */
public record VmferryConfig(HypervisorConfig hypervisor, RepositoryConfig repository, BusConfig bus,
                            BackupConfig backup, TlsConfig tls, Map<String, ServiceConfig> services,
                            ReceiverConfig receiver, BaculaConfig bacula) {

    @JsonCreator
    public VmferryConfig(@JsonProperty("hypervisor") HypervisorConfig hypervisor,
                         @JsonProperty("repository") RepositoryConfig repository,
                         @JsonProperty("bus") BusConfig bus,
                         @JsonProperty("backup") BackupConfig backup,
                         @JsonProperty("tls") TlsConfig tls,
                         @JsonProperty("services") Map<String, ServiceConfig> services,
                         @JsonProperty("receiver") ReceiverConfig receiver,
                         @JsonProperty("bacula") BaculaConfig bacula) {
        this.hypervisor = hypervisor == null ? HypervisorConfig.defaults() : hypervisor;
        this.repository = repository == null ? RepositoryConfig.defaults() : repository;
        this.bus = bus == null ? BusConfig.defaults() : bus;
        this.backup = backup == null ? BackupConfig.defaults() : backup;
        this.tls = tls == null ? TlsConfig.defaults() : tls;
        this.services = services == null ? Map.of() : Map.copyOf(services);
        this.receiver = receiver == null ? ReceiverConfig.defaults() : receiver;
        this.bacula = bacula == null ? BaculaConfig.defaults() : bacula;
    }

    /** Without Bacula settings (their defaults). */
    public VmferryConfig(HypervisorConfig hypervisor, RepositoryConfig repository, BusConfig bus,
                         BackupConfig backup, TlsConfig tls, Map<String, ServiceConfig> services,
                         ReceiverConfig receiver) {
        this(hypervisor, repository, bus, backup, tls, services, receiver, null);
    }

    /** Without DR receiver settings (its defaults). */
    public VmferryConfig(HypervisorConfig hypervisor, RepositoryConfig repository, BusConfig bus,
                         BackupConfig backup, TlsConfig tls, Map<String, ServiceConfig> services) {
        this(hypervisor, repository, bus, backup, tls, services, null);
    }

    public static VmferryConfig defaults() {
        return new VmferryConfig(null, null, null, null, null, null, null, null);
    }

    /** Settings of one service ({@code inventory}, {@code snapshot}, ...), never null. */
    public ServiceConfig service(String name) {
        return services.getOrDefault(name, new ServiceConfig(null));
    }

    public VmferryConfig withTls(TlsConfig newTls) {
        return new VmferryConfig(hypervisor, repository, bus, backup, newTls, services, receiver, bacula);
    }

    public VmferryConfig withBus(BusConfig newBus) {
        return new VmferryConfig(hypervisor, repository, newBus, backup, tls, services, receiver, bacula);
    }

    public VmferryConfig withReceiver(ReceiverConfig newReceiver) {
        return new VmferryConfig(hypervisor, repository, bus, backup, tls, services, newReceiver, bacula);
    }
}
