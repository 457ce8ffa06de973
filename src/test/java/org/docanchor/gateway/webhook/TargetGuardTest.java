package org.docanchor.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard as production configures it (https only, no internal targets, nothing allowlisted), with a resolver
 * the test controls: literal addresses and names that resolve inward are refused, at registration and again at
 * delivery when the name's answer changed (DNS rebinding); an allowlisted host is accepted.
 */
class TargetGuardTest {

    private final Deque<InetAddress[]> answers = new ArrayDeque<>();

    private TargetGuard prod(List<String> allowed) {
        return new TargetGuard(true, false, allowed, host -> {
            if (host.equals("hooks.example.org")) {
                InetAddress[] answer = answers.size() > 1 ? answers.pop() : answers.peek();
                if (answer == null) {
                    throw new UnknownHostException(host);
                }
                return answer;
            }
            return InetAddress.getAllByName(host); // literals only in this test: no lookup leaves the machine
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/h", "https://127.1.2.3/h", "https://10.0.0.5/h", "https://172.16.0.1/h",
            "https://172.31.255.255/h", "https://192.168.1.1/h", "https://169.254.169.254/latest/meta-data",
            "https://0.0.0.0/h", "https://100.64.0.1/h", "https://224.0.0.1/h", "https://255.255.255.255/h",
            "https://[::1]/h", "https://[::]/h", "https://[fc00::1]/h", "https://[fd12:3456::1]/h",
            "https://[fe80::1]/h", "https://[::ffff:127.0.0.1]/h", "https://[::ffff:10.0.0.1]/h",
            "https://[ff02::1]/h"})
    void internalAddressesAreRefusedInProd(String url) {
        assertThat(prod(List.of()).problem(url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/h", "https://93.184.215.14:8443/hook", "https://[2001:4860:4860::8888]/h",
            "https://172.32.0.1/h", "https://100.128.0.1/h"})
    void publicAddressesAreAccepted(String url) {
        assertThat(prod(List.of()).problem(url)).as(url).isEmpty();
    }

    @Test
    void httpIsRefusedInProd_andAcceptedWhereConfigured() {
        assertThat(prod(List.of()).problem("http://8.8.8.8/h")).contains("must be https");
        assertThat(new TargetGuard(false, true, List.of(), InetAddress::getAllByName).problem("http://127.0.0.1:8/h"))
                .isEmpty();
        assertThat(prod(List.of()).problem("https://user@8.8.8.8/h")).isPresent();
        assertThat(prod(List.of()).problem("/relative")).isPresent();
        assertThat(prod(List.of()).problem("https://8.8.8.8/h#frag")).isPresent();
    }

    @Test
    void aNameThatResolvesInwardIsRefused_evenWhenItDidNotAtRegistration() throws UnknownHostException {
        TargetGuard guard = prod(List.of());
        answers.add(new InetAddress[] {InetAddress.getByName("93.184.215.14")});
        answers.add(new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3")});
        assertThat(guard.problem("https://hooks.example.org/h")).as("at registration").isEmpty();
        assertThat(guard.problem("https://hooks.example.org/h")).as("at delivery, rebound")
                .hasValueSatisfying(p -> assertThat(p).contains("10.1.2.3"));
    }

    @Test
    void anAllowlistedHostMayBeInternal() throws UnknownHostException {
        answers.add(new InetAddress[] {InetAddress.getByName("10.1.2.3")});
        assertThat(prod(List.of("Hooks.Example.org")).problem("https://hooks.example.org/h")).isEmpty();
        assertThat(prod(List.of("10.0.0.7")).problem("https://10.0.0.7/h")).isEmpty();
        assertThat(prod(List.of("10.0.0.7")).problem("https://10.0.0.8/h")).isPresent();
    }

    @Test
    void anUnresolvableHostIsRefused() {
        assertThat(prod(List.of()).problem("https://hooks.example.org/h")).hasValueSatisfying(p ->
                assertThat(p).contains("does not resolve"));
    }

    @Test
    void productionDefaultsRefuseInternalTargetsAndPlainHttp() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("anchor.webhooks.require-https")).isEqualTo("true");
        assertThat(properties.getProperty("anchor.webhooks.allow-private-targets")).isEqualTo("false");
        assertThat(properties.getProperty("%prod.anchor.webhooks.require-https")).isNull();
        assertThat(properties.getProperty("%prod.anchor.webhooks.allow-private-targets")).isNull();
    }

    @Test
    void theRetryScheduleCoversAtLeastTheGiveUpTime() {
        WebhookConfig.Retry production = new WebhookConfig.Retry() {
            public Duration initialInterval() {
                return Duration.ofSeconds(5);
            }

            public Duration maxInterval() {
                return Duration.ofHours(1);
            }

            public Duration giveUpAfter() {
                return Duration.ofHours(24);
            }
        };
        assertThat(WebhookDispatcher.backoff(1, production)).isBetween(Duration.ofMillis(3750), Duration.ofMillis(6250));
        assertThat(WebhookDispatcher.backoff(3, production)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(25));
        assertThat(WebhookDispatcher.backoff(60, production)).isBetween(Duration.ofMinutes(45), Duration.ofMinutes(75));
        Duration total = Duration.ZERO;
        int attempts = 0;
        while (total.compareTo(production.giveUpAfter()) < 0) {
            total = total.plus(WebhookDispatcher.backoff(++attempts, production));
        }
        // About 35 attempts over the day: the first minutes densely, then hourly.
        assertThat(attempts).isBetween(25, 45);
    }
}
