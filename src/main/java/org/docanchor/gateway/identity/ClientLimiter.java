package org.docanchor.gateway.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.NetUtil;
import io.quarkus.runtime.Startup;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.Map;
import org.docanchor.gateway.web.LruMap;

/**
 * Token buckets per client address for anonymous requests, anonymous verification and failed authentication, each
 * budget in a map of at most {@code anchor.client-limit.max-clients} addresses, so a flood of addresses costs bounded
 * memory. IPv6 clients count per /64, the smallest network a single subscriber is usually given.
 */
@ApplicationScoped
@Startup // so that its refusal metrics exist (at 0) before the first refusal
public class ClientLimiter {

    /** The budgets, as named in configuration and in the {@code anchor_client_limit_refusals_total} metric. */
    public enum Budget {
        ANONYMOUS("anonymous"), VERIFY("verify"), FAILED_AUTH("failed-auth");

        final String label;

        Budget(String label) {
            this.label = label;
        }
    }

    private final Map<Budget, LruMap<String, TokenBucket>> buckets;
    private final Map<Budget, ClientLimitConfig.Budget> budgets;
    private final Map<Budget, Counter> refusals;

    public ClientLimiter(ClientLimitConfig config, MeterRegistry registry) {
        this.budgets = Map.of(Budget.ANONYMOUS, config.anonymous(), Budget.VERIFY, config.verify(),
                Budget.FAILED_AUTH, config.failedAuth());
        this.buckets = Map.of(Budget.ANONYMOUS, new LruMap<>(config.maxClients()),
                Budget.VERIFY, new LruMap<>(config.maxClients()),
                Budget.FAILED_AUTH, new LruMap<>(config.maxClients()));
        this.refusals = Map.of(Budget.ANONYMOUS, refusals(registry, Budget.ANONYMOUS),
                Budget.VERIFY, refusals(registry, Budget.VERIFY),
                Budget.FAILED_AUTH, refusals(registry, Budget.FAILED_AUTH));
        // Fail at start, not at the first request, on a budget that cannot work.
        budgets.values().forEach(b -> new TokenBucket(b.perSecond(), b.burst()));
    }

    private static Counter refusals(MeterRegistry registry, Budget budget) {
        return Counter.builder("anchor.client.limit.refusals")
                .description("Requests refused with 429 by a per client address budget")
                .tag("budget", budget.label).register(registry);
    }

    /** Takes a token of an anonymous budget: 0 when allowed, else the seconds to wait. */
    public long takeAnonymous(String client, boolean verify) {
        Budget budget = verify ? Budget.VERIFY : Budget.ANONYMOUS;
        return counted(budget, bucket(budget, client).take());
    }

    /** 0 when the client may present a credential, else the seconds until its failed-authentication budget refills. */
    public long credentialWait(String client) {
        return counted(Budget.FAILED_AUTH, bucket(Budget.FAILED_AUTH, client).waitSeconds());
    }

    /** Records a credential of the client that failed authentication. */
    public void failedAuthentication(String client) {
        bucket(Budget.FAILED_AUTH, client).spend();
    }

    private long counted(Budget budget, long wait) {
        if (wait > 0) {
            refusals.get(budget).increment();
        }
        return wait;
    }

    private TokenBucket bucket(Budget budget, String client) {
        ClientLimitConfig.Budget b = budgets.get(budget);
        return buckets.get(budget).computeIfAbsent(client, k -> new TokenBucket(b.perSecond(), b.burst()));
    }

    /** The key the request's client address counts under (the peer, or what a trusted proxy says it is). */
    public static String clientOf(RoutingContext context) {
        SocketAddress peer = context.request().remoteAddress();
        return clientKey(peer == null ? null : peer.hostAddress());
    }

    /**
     * The key a client address counts under: an IPv4 address as it is, an IPv6 address by its /64 network (an
     * IPv4-mapped one as IPv4), anything else (no address, a Unix socket) as itself.
     */
    public static String clientKey(String hostAddress) {
        if (hostAddress == null) {
            return "unknown";
        }
        String host = hostAddress.startsWith("[") && hostAddress.endsWith("]")
                ? hostAddress.substring(1, hostAddress.length() - 1) : hostAddress;
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null || bytes.length == 4) {
            return host;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
}
