package org.docanchor.gateway.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Watches who may do what on the registries: every {@code RoleGranted}, {@code RoleRevoked},
 * {@code RoleAdminChanged} and default-admin transfer or delay event of the anchor registry and its issuer registry
 * is logged (WARN) and counted in {@code anchor_registry_role_events_total{registry, event}}, on which the
 * {@code RegistryRolesChanged} alert fires (k8s/monitoring/alerts.yaml). A role change is rare and deliberate: one
 * nobody planned is a stolen key at work. Each replica watches from the block at which it started; the chain's own
 * history is what {@code cast logs} shows (docs/operations.md).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class RoleWatch {

    private static final Logger LOG = Logger.getLogger(RoleWatch.class);
    private static final long RANGE = 2_000;

    private final ChainClient chain;
    private final MeterRegistry registry;
    private volatile long next = -1;

    public RoleWatch(ChainClient chain, MeterRegistry registry) {
        this.chain = chain;
        this.registry = registry;
        // Present from the start at 0, so that an alert on its increase sees the first event.
        for (String kind : List.of("anchor", "issuer")) {
            for (String event : ChainClient.ROLE_EVENTS.values()) {
                counter(kind, event);
            }
        }
    }

    @Scheduled(every = "${anchor.chain.role-watch-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        try {
            long head = chain.blockNumber();
            if (next < 0) {
                next = head + 1;
                return;
            }
            String anchorRegistry = chain.registryAddress();
            while (next <= head) {
                long to = Math.min(head, next + RANGE - 1);
                for (ChainClient.RoleEvent event : chain.roleEvents(next, to)) {
                    String kind = event.registry().equalsIgnoreCase(anchorRegistry) ? "anchor" : "issuer";
                    counter(kind, event.event()).increment();
                    LOG.warnf("Role change on the %s registry %s: %s role %s account %s in block %d (transaction %s)",
                            kind, event.registry(), event.event(), event.role(), event.account(), event.blockNumber(),
                            event.txHash());
                }
                next = to + 1;
            }
        } catch (ChainUnavailableException | ChainRejectedException | IllegalStateException e) {
            LOG.debugf("Registry roles not watched this round: %s", e.getMessage());
        }
    }

    private Counter counter(String kind, String event) {
        return Counter.builder("anchor.registry.role.events")
                .description("Role and admin events seen on the registries since this replica started")
                .tag("registry", kind).tag("event", event).register(registry);
    }
}
