package org.docanchor.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.docanchor.gateway.web.LruMap;
import org.junit.jupiter.api.Test;

/** What a client address counts under, and the bounded map that holds the buckets. */
class ClientLimiterTest {

    @Test
    void ipv4CountsAsItIs_ipv6ByItsSlash64_andAMappedIpv4AsIpv4() {
        assertThat(ClientLimiter.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientLimiter.clientKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(ClientLimiter.clientKey("[2001:db8:1:2:ffff:ffff:ffff:ffff]"))
                .isEqualTo("20010db800010002::/64");
        assertThat(ClientLimiter.clientKey("2001:db8:1:3::1")).isNotEqualTo(ClientLimiter.clientKey("2001:db8:1:2::1"));
        assertThat(ClientLimiter.clientKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientLimiter.clientKey(null)).isEqualTo("unknown");
    }

    @Test
    void theMapKeepsAtMostItsCapacity_forgettingTheLeastRecentlyUsed() {
        LruMap<String, Integer> map = new LruMap<>(3);
        for (int i = 0; i < 1000; i++) {
            map.computeIfAbsent("client-" + i, k -> 1);
            map.get("client-0");
        }
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.get("client-0")).isEqualTo(1);
        assertThat(map.get("client-997")).isNull();
        assertThat(map.get("client-999")).isEqualTo(1);
    }

    @Test
    void aBucketRefusesBeyondItsBurst_andSpendingDoesNotGoBelowEmpty() {
        TokenBucket bucket = new TokenBucket(0.01, 2);
        assertThat(bucket.take()).isZero();
        assertThat(bucket.waitSeconds()).isZero();
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isBetween(1L, 100L);
        for (int i = 0; i < 50; i++) {
            bucket.spend();
        }
        assertThat(bucket.waitSeconds()).isBetween(1L, 100L);
    }
}
